# Byte Back: the two commands are `make run` and `make test` (see README.md).
BUILD_DIR ?= build
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
DATA_DIR ?= var
ADDR ?= 127.0.0.1
PORT ?= 8080
SHARED ?= ../shared

.PHONY: all deps test-deps bench-deps configure build run test bench model clean

all: build

deps:
	@scripts/install-deps.sh build

test-deps:
	@scripts/install-deps.sh test

bench-deps:
	@scripts/install-deps.sh bench

# ccache, when installed, makes rebuilds after a branch switch cheap; it is optional.
CCACHE := $(shell command -v ccache 2>/dev/null)

configure: deps
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) \
	  $(if $(CCACHE),-DCMAKE_CXX_COMPILER_LAUNCHER=$(CCACHE) -DCMAKE_C_COMPILER_LAUNCHER=$(CCACHE)) >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# Serves the app on http://$(ADDR):$(PORT) with an embedded SQLite database under $(DATA_DIR)/.
run: build
	@mkdir -p $(DATA_DIR)
	$(BUILD_DIR)/byteback serve --data-dir $(DATA_DIR) --listen $(ADDR):$(PORT)

test: test-deps build
	@ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

bench: bench-deps build
	@scripts/bench.sh $(BUILD_DIR)

# Rebuilds the shipped model from $(SHARED)/data/train (see data/models/README.md).
model: build
	@scripts/train-model.sh $(BUILD_DIR) $(SHARED)

clean:
	rm -rf $(BUILD_DIR)
