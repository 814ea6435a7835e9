# bb_add_library(name SOURCES ... DEPS ...): one static library per module,
# include paths rooted at src/ ("detect/detect.h"), warnings on.
function(bb_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic
    -Wno-unused-parameter -Werror=return-type
    # GCC 12 reports -Wrestrict false positives inside std::string operator+
    # at -O2 (GCC bug 105329); nothing in our code overlaps.
    $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>)
endfunction()

function(bb_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  bb_set_warnings(${name})
endfunction()

# bb_add_test(name SOURCES ... DEPS ...): a GoogleTest binary, discovered by ctest.
function(bb_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main GTest::gmock)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/tests)
  target_compile_definitions(${name} PRIVATE
    BB_SOURCE_DIR="${PROJECT_SOURCE_DIR}" BB_BINARY_DIR="${PROJECT_BINARY_DIR}")
  bb_set_warnings(${name})
  # OMP_THREAD_LIMIT: tesseract (OCR tests) on one thread, as `byteback` runs it.
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 300 ENVIRONMENT OMP_THREAD_LIMIT=1)
endfunction()

# bb_add_benchmark(name SOURCES ... DEPS ...): a Google Benchmark program run by `make bench`.
function(bb_add_benchmark name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} benchmark::benchmark)
  target_compile_definitions(${name} PRIVATE BB_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  bb_set_warnings(${name})
endfunction()
