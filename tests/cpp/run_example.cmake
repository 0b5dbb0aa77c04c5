# cmake -P script behind the example_* tests: install the jobbench build into a scratch prefix,
# configure and build examples/varde_table41 against it, run it and check its output.
#
# Variables: JOBBENCH_BUILD_DIR EXAMPLE_SOURCE_DIR WORK_DIR GENERATOR CXX_COMPILER
#            COMPILER_LAUNCHER CXX_FLAGS EXE_LINKER_FLAGS (of the jobbench build, e.g. sanitizers)
#            BUILD_TYPE SPEC FTE PERSON_YEARS POPULATION (all empty: the installed 2013 data)
#            MUNICIPALITY
#            EXPECT (a regular expression the output must match; optional)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    string(REPLACE ";" " " command "${ARGN}")
    message(FATAL_ERROR "command failed (${status}): ${command}\n${out}\n${err}")
  endif()
  set(run_output
      "${out}"
      PARENT_SCOPE)
endfunction()

if(NOT BUILD_TYPE)
  set(BUILD_TYPE Release)
endif()
set(prefix "${WORK_DIR}/prefix")
set(example_build "${WORK_DIR}/build")
file(REMOVE_RECURSE "${WORK_DIR}")

run(${CMAKE_COMMAND} --install "${JOBBENCH_BUILD_DIR}" --prefix "${prefix}" --config
    ${BUILD_TYPE})

set(configure_args -S "${EXAMPLE_SOURCE_DIR}" -B "${example_build}" -G "${GENERATOR}"
                   "-DCMAKE_PREFIX_PATH=${prefix}" "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}")
if(CXX_COMPILER)
  list(APPEND configure_args "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}")
endif()
if(COMPILER_LAUNCHER)
  list(APPEND configure_args "-DCMAKE_CXX_COMPILER_LAUNCHER=${COMPILER_LAUNCHER}")
endif()
if(CXX_FLAGS)
  list(APPEND configure_args "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}")
endif()
if(EXE_LINKER_FLAGS)
  list(APPEND configure_args "-DCMAKE_EXE_LINKER_FLAGS=${EXE_LINKER_FLAGS}")
endif()
run(${CMAKE_COMMAND} ${configure_args})
run(${CMAKE_COMMAND} --build "${example_build}" --config ${BUILD_TYPE})

find_program(
  example varde_table41
  PATHS "${example_build}" "${example_build}/${BUILD_TYPE}"
  NO_DEFAULT_PATH REQUIRED)
if(SPEC)
  run("${example}" "${SPEC}" "${FTE}" "${PERSON_YEARS}" "${POPULATION}" "${MUNICIPALITY}")
else() # the spec and data installed under share/jobbench
  run("${example}" "${MUNICIPALITY}")
endif()
message("${run_output}")
if(DEFINED EXPECT AND NOT EXPECT STREQUAL "")
  if(NOT run_output MATCHES "${EXPECT}")
    message(FATAL_ERROR "output does not match the expected pattern:\n${EXPECT}")
  endif()
endif()
