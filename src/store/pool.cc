// pool.cc: leasing pooled connections (Store::Acquire, Session).
#include <cassert>

#include "store/store_internal.h"

namespace byteback::store {

Session::Session(Store* store, size_t index) : store_(store), index_(index) {}

Session::Session(Session&& other) noexcept
    : store_(other.store_), index_(other.index_) {
  other.store_ = nullptr;
}

Session& Session::operator=(Session&& other) noexcept {
  if (this != &other) {
    if (store_ != nullptr) store_->Release(index_);
    store_ = other.store_;
    index_ = other.index_;
    other.store_ = nullptr;
  }
  return *this;
}

Session::~Session() {
  if (store_ != nullptr) store_->Release(index_);
}

soci::session& Session::sql() {
  assert(store_ != nullptr && "use of a moved-from Session");
  return store_->SessionAt(index_);
}

Session Store::Acquire() {
  std::unique_lock<std::mutex> lock(pool_->mu);
  for (;;) {
    for (size_t i = 0; i < pool_->leased.size(); ++i) {
      if (!pool_->leased[i]) {
        pool_->leased[i] = true;
        return Session(this, i);
      }
    }
    pool_->cv.wait(lock);
  }
}

soci::session& Store::SessionAt(size_t index) {
  return *pool_->sessions[index];
}

void Store::Release(size_t index) {
  {
    std::lock_guard<std::mutex> lock(pool_->mu);
    pool_->leased[index] = false;
  }
  pool_->cv.notify_one();
}

}  // namespace byteback::store
