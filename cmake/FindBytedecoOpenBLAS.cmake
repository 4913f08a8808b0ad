# Finds OpenBLAS (with LAPACKE) inside the unpacked org.bytedeco:openblas platform jar.
#
# Input:  BS_OPENBLAS_ROOT  the jar's org/bytedeco/openblas/<platform> folder (the Maven build
#                           unpacks it to target/openblas/...)
# Output: BytedecoOpenBLAS_FOUND, the imported target BytedecoOpenBLAS::openblas
#
# The jar ships libopenblas.so.0 (SONAME libopenblas.so.0) but no unversioned libopenblas.so, so
# the library is linked by its full path; the resulting DT_NEEDED is the SONAME, which the JVM
# satisfies by loading org.bytedeco.openblas first (see org.babelscope.compute.CpuKernelsNative).
find_path(BytedecoOpenBLAS_INCLUDE_DIR cblas.h
          PATHS "${BS_OPENBLAS_ROOT}/include" NO_DEFAULT_PATH)
find_file(BytedecoOpenBLAS_LIBRARY libopenblas.so.0
          PATHS "${BS_OPENBLAS_ROOT}" NO_DEFAULT_PATH)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(BytedecoOpenBLAS
  REQUIRED_VARS BytedecoOpenBLAS_LIBRARY BytedecoOpenBLAS_INCLUDE_DIR
  FAIL_MESSAGE "OpenBLAS not found under BS_OPENBLAS_ROOT=${BS_OPENBLAS_ROOT} - run the Maven build, which unpacks org.bytedeco:openblas there")

if(BytedecoOpenBLAS_FOUND AND NOT TARGET BytedecoOpenBLAS::openblas)
  add_library(BytedecoOpenBLAS::openblas SHARED IMPORTED)
  set_target_properties(BytedecoOpenBLAS::openblas PROPERTIES
    IMPORTED_LOCATION "${BytedecoOpenBLAS_LIBRARY}"
    IMPORTED_NO_SONAME FALSE
    INTERFACE_INCLUDE_DIRECTORIES "${BytedecoOpenBLAS_INCLUDE_DIR}")
endif()
