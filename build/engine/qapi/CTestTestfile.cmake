# CMake generated Testfile for 
# Source directory: /work/main/engine/qapi
# Build directory: /work/main/build/engine/qapi
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
