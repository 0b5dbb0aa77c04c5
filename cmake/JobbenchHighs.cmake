# HiGHS, the LP solver behind DEA (cpp/analysis/dea*.cpp): defines the imported target highs::highs
# and JOBBENCH_HIGHS_LIBRARY (the library file, installed next to jobbench so that the installed
# package and the Python wheel carry their solver).
#
# Where it comes from, first match wins:
#   1. JOBBENCH_HIGHS_ROOT (cache): a HiGHS install prefix with include/highs/Highs.h and
#      lib/libhighs.{so,a} (or lib64/), e.g. HiGHS built from source.
#   2. The PyPI package `highsbox` (HiGHS's C++ library and headers as a wheel), found by asking a
#      Python interpreter where it is: Python_EXECUTABLE (scikit-build-core sets it to the build
#      environment, whose [build-system] requires lists highsbox), then the project's .venv (which
#      scripts/setup.sh fills; the `test` extra lists highsbox for this plain C++ build), then
#      python3 on PATH. highsbox's own CMake config names a lib64/ that its wheel does not have, so
#      the target is made here from the files.
# Looked up at every configure (not cached): pip's isolated build environments move.
set(JOBBENCH_HIGHS_ROOT
    ""
    CACHE PATH "HiGHS install prefix (include/highs/Highs.h, lib/libhighs.*); empty: the highsbox Python package")

function(_jobbench_highs_from_python out)
  set(candidates)
  if(Python_EXECUTABLE)
    list(APPEND candidates "${Python_EXECUTABLE}")
  endif()
  if(EXISTS "${PROJECT_SOURCE_DIR}/.venv/bin/python")
    list(APPEND candidates "${PROJECT_SOURCE_DIR}/.venv/bin/python")
  endif()
  find_program(_jobbench_python3 NAMES python3 python NO_CACHE)
  if(_jobbench_python3)
    list(APPEND candidates "${_jobbench_python3}")
  endif()
  foreach(python IN LISTS candidates)
    execute_process(
      COMMAND "${python}" -c "import highsbox; print(highsbox.highs_dist_dir())"
      RESULT_VARIABLE status
      OUTPUT_VARIABLE dir
      ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(status EQUAL 0 AND EXISTS "${dir}/include/highs/Highs.h")
      message(STATUS "HiGHS: highsbox of ${python}: ${dir}")
      set(${out}
          "${dir}"
          PARENT_SCOPE)
      return()
    endif()
  endforeach()
  set(${out}
      ""
      PARENT_SCOPE)
endfunction()

if(NOT TARGET highs::highs)
  set(_highs_root "${JOBBENCH_HIGHS_ROOT}")
  if(NOT _highs_root)
    _jobbench_highs_from_python(_highs_root)
  endif()
  if(NOT _highs_root OR NOT EXISTS "${_highs_root}/include/highs/Highs.h")
    message(
      FATAL_ERROR
        "HiGHS (the LP solver for DEA) not found. Install it with `python3 -m pip install highsbox` "
        "(scripts/setup.sh does, into .venv), or set -DJOBBENCH_HIGHS_ROOT=<HiGHS install prefix>.")
  endif()
  set(_highs_lib "")
  foreach(candidate lib/libhighs.so lib64/libhighs.so lib/libhighs.a lib64/libhighs.a)
    if(NOT _highs_lib AND EXISTS "${_highs_root}/${candidate}")
      set(_highs_lib "${_highs_root}/${candidate}")
    endif()
  endforeach()
  if(NOT _highs_lib)
    message(FATAL_ERROR "HiGHS: no lib/libhighs.so or lib/libhighs.a under ${_highs_root}")
  endif()
  if(_highs_lib MATCHES "\\.a$")
    add_library(highs::highs STATIC IMPORTED GLOBAL)
    find_package(ZLIB QUIET)
    if(ZLIB_FOUND)
      set_property(TARGET highs::highs PROPERTY INTERFACE_LINK_LIBRARIES ZLIB::ZLIB Threads::Threads
                                                                         ${CMAKE_DL_LIBS})
    endif()
  else()
    add_library(highs::highs SHARED IMPORTED GLOBAL)
    set_target_properties(highs::highs PROPERTIES IMPORTED_SONAME libhighs.so)
  endif()
  set_target_properties(
    highs::highs PROPERTIES IMPORTED_LOCATION "${_highs_lib}"
                            INTERFACE_INCLUDE_DIRECTORIES "${_highs_root}/include/highs;${_highs_root}/include")
  set(JOBBENCH_HIGHS_LIBRARY "${_highs_lib}")
endif()
