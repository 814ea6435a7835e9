// scorer.cc: BatchScorer, the Shield on the way in (see imports.h).
// Each round splits the batch into one contiguous chunk per thread, so the
// output order is the input order without any re-sorting.
#include <thread>

#include "imports/imports.h"

namespace byteback::imports {

BatchScorer::BatchScorer(std::shared_ptr<const detect::Detector> detector, unsigned threads, Output out,
                         size_t batch)
    : detector_(std::move(detector)), threads_(std::max(1u, threads)), out_(std::move(out)),
      batch_(std::max<size_t>(1, batch)) {
  for (unsigned t = 0; t < threads_; ++t) scratches_.push_back(std::make_unique<detect::Scratch>(*detector_));
  pending_.reserve(batch_);
}

BatchScorer::~BatchScorer() = default;

Status BatchScorer::Add(Message&& m) {
  pending_.push_back(std::move(m));
  if (pending_.size() >= batch_) return Flush();
  return Status::Ok();
}

Status BatchScorer::Flush() {
  const size_t n = pending_.size();
  if (n == 0) return Status::Ok();
  verdicts_.resize(n);
  const size_t chunk = (n + threads_ - 1) / threads_;
  auto work = [&](unsigned t) {
    for (size_t i = t * chunk; i < std::min(n, (t + 1) * chunk); ++i)
      detector_->Scan(pending_[i].text, *scratches_[t], &verdicts_[i]);
  };
  if (threads_ == 1 || n < 64) {
    for (unsigned t = 0; t < threads_; ++t) work(t);
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads_; ++t) pool.emplace_back(work, t);
    work(0);
    for (auto& th : pool) th.join();
  }
  const std::string& version = detector_->model().version;
  Status s;
  for (size_t i = 0; i < n && s.ok(); ++i) {
    s = out_(Score(std::move(pending_[i]), verdicts_[i], version));
    ++scored_;
  }
  pending_.clear();
  return s;
}

}  // namespace byteback::imports
