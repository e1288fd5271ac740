# CMake generated Testfile for 
# Source directory: /work/main/tests/engine/qapi
# Build directory: /work/main/build/tests/engine/qapi
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
add_test([=[test-error]=] "/work/main/build/tests/engine/qapi/test-error")
set_tests_properties([=[test-error]=] PROPERTIES  ENVIRONMENT "G_DEBUG=fatal-warnings;G_SLICE=always-malloc;ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1;UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1;LSAN_OPTIONS=suppressions=/work/main/tests/engine/qapi/lsan.supp" TIMEOUT "120" _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;8;add_test;/work/main/tests/engine/qapi/CMakeLists.txt;1;quern_add_test;/work/main/tests/engine/qapi/CMakeLists.txt;0;")
