# Warnings: on for every target, clean on gcc and clang.
add_compile_options(
  -Wall -Wextra -Wpedantic -Wshadow -Wformat=2 -Wstrict-prototypes
  -Wmissing-prototypes -Wold-style-definition -Wvla -Wundef
  -Wno-unused-parameter)
if(TASIM_WERROR)
  add_compile_options(-Werror)
endif()
