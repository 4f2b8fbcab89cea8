# Third-party libraries: GSL (CMake's FindGSL), libyaml and Criterion
# (pkg-config), OpenMP and MPI (optional, on when found).
find_package(PkgConfig REQUIRED)
find_package(GSL 2.6 REQUIRED)
pkg_check_modules(YAML REQUIRED IMPORTED_TARGET yaml-0.1)
find_package(Threads REQUIRED)
if(TASIM_TESTS)
  pkg_check_modules(CRITERION REQUIRED IMPORTED_TARGET criterion)
endif()
