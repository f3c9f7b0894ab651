# certkeep: `make run` serves a demo instance from ./var; `make test` runs every test.
# One build directory (Release, warnings as errors) serves both; ccache keeps rebuilds
# short. Everything the build and the tests need is installed by scripts/install-deps.

BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release -DCERTKEEP_WERROR=ON

.PHONY: all deps build run test test-asan bench fuzz format clean

all: build

deps:
	bash scripts/install-deps

build: deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j$(JOBS)

# Builds only the binary (the tests are built by `make test`).
run: deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j$(JOBS) --target certkeep web
	./$(BUILD)/src/certkeep serve --data-dir var

test:
	bash scripts/install-deps --test
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS) -DCERTKEEP_BENCH=OFF
	cmake --build $(BUILD) -j$(JOBS)
	bash scripts/run-tests $(BUILD)
	$(MAKE) test-asan

# The unit tests again under AddressSanitizer and UndefinedBehaviorSanitizer.
test-asan:
	cmake -S . -B $(BUILD)-asan -DCMAKE_BUILD_TYPE=Debug -DCERTKEEP_WERROR=ON -DCERTKEEP_SANITIZE=ON -DCERTKEEP_WEB=OFF
	cmake --build $(BUILD)-asan -j$(JOBS)
	bash scripts/run-tests $(BUILD)-asan -L unit

bench:
	bash scripts/install-deps --bench
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS) -DCERTKEEP_BENCH=ON
	cmake --build $(BUILD) -j$(JOBS)
	bash bench/http_healthz $(BUILD)/src/certkeep
	$(BUILD)/bench/bench_issuance
	$(BUILD)/bench/bench_crl_build
	$(BUILD)/bench/bench_crl_store
	$(BUILD)/bench/bench_auth_path
	$(BUILD)/bench/bench_expiry_scan
	bash bench/ocsp $(BUILD)/src/certkeep
	bash bench/header_auth $(BUILD)/src/certkeep
	/usr/bin/python3 bench/ssl_enroll $(BUILD)/src/certkeep
	/usr/bin/python3 bench/acme $(BUILD)/src/certkeep
	/usr/bin/python3 bench/request_cpu $(BUILD)/src/certkeep

# Every fuzz target for FUZZ_SECONDS each (clang, libFuzzer, ASan+UBSan); not in make test.
FUZZ_SECONDS ?= 60
fuzz:
	CC=clang CXX=clang++ cmake -S . -B $(BUILD)-fuzz -DCERTKEEP_WEB=OFF -DCMAKE_BUILD_TYPE=Debug -DCERTKEEP_FUZZ=ON -DCERTKEEP_TESTS=OFF
	cmake --build $(BUILD)-fuzz -j$(JOBS) --target fuzz_ocsp_request fuzz_csr fuzz_certificate_view fuzz_http_request fuzz_caa
	for t in ocsp_request csr certificate_view http_request caa; do \
	  mkdir -p $(BUILD)-fuzz/corpus/$$t && \
	  $(BUILD)-fuzz/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) $(BUILD)-fuzz/corpus/$$t || exit 1; done

format:
	find src tests bench -name '*.cpp' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(BUILD)-asan
