# CMake generated Testfile for 
# Source directory: /work/main/engine/qom
# Build directory: /work/main/build/engine/qom
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
