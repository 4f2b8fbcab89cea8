# Included by the root CMakeLists.txt when TASIM_TESTS is ON (any compiler):
# fuzz_replay runs fuzz_scenario.c's entry point over the inputs that once
# broke the loader (tests/fuzz/regressions/) and the seed corpus, without
# libFuzzer. A crash or abort fails the test, as does an input that takes
# more than 10 s (the loader takes milliseconds on each); the ctest timeout
# catches a true hang.
# Under TASIM_SANITIZE=ON it also catches memory errors and leaks.
add_executable(fuzz_replay
  ${CMAKE_CURRENT_LIST_DIR}/fuzz_scenario.c
  ${CMAKE_CURRENT_LIST_DIR}/replay_main.c)
target_link_libraries(fuzz_replay PRIVATE tasim_core)
set_target_properties(fuzz_replay PROPERTIES
  RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests/fuzz)
add_test(NAME fuzz_regressions
  COMMAND fuzz_replay --max-seconds 10 ${CMAKE_CURRENT_LIST_DIR}/regressions
          ${CMAKE_CURRENT_LIST_DIR}/corpus)
set_tests_properties(fuzz_regressions PROPERTIES TIMEOUT 300)
