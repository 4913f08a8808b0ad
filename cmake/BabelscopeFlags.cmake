# Compiler flags shared by every native library of babelscope.
set(CMAKE_CXX_STANDARD 17)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)
set(CMAKE_CXX_VISIBILITY_PRESET hidden)
set(CMAKE_VISIBILITY_INLINES_HIDDEN ON)
if(NOT CMAKE_BUILD_TYPE)
  set(CMAKE_BUILD_TYPE Release)
endif()
# -march=x86-64-v2 keeps the library portable to any 64-bit x86 of the last decade; the heavy
# arithmetic is OpenBLAS's, which picks its own kernels for the CPU at run time.
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
  set(BS_ARCH_FLAGS -march=x86-64-v2)
endif()
add_compile_options(-Wall -Wextra -Wno-unused-parameter ${BS_ARCH_FLAGS})
# Libraries are extracted side by side by JavaCPP's Loader: look for siblings there.
set(CMAKE_INSTALL_RPATH "$ORIGIN")
set(CMAKE_BUILD_WITH_INSTALL_RPATH ON)
