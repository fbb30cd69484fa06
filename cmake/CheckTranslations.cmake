# ctest script: fails when TS_FILE differs from what lupdate makes of the current sources
# (run the update_translations target and commit), or when it has unfinished strings.
file(MAKE_DIRECTORY "${WORK_DIR}")
get_filename_component(name "${TS_FILE}" NAME)
set(copy "${WORK_DIR}/${name}")
file(COPY_FILE "${TS_FILE}" "${copy}")
execute_process(
    COMMAND "${LUPDATE}" -silent -no-obsolete -locations none ${LUPDATE_OPTIONS} "@${SOURCES_LIST}" -ts "${copy}"
    RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "lupdate failed (${rc})")
endif()
file(READ "${TS_FILE}" committed)
file(READ "${copy}" fresh)
if(NOT committed STREQUAL fresh)
    message(FATAL_ERROR "${name} is stale: build the update_translations target, translate, and commit it")
endif()
string(FIND "${committed}" "type=\"unfinished\"" unfinished)
if(NOT unfinished EQUAL -1)
    message(FATAL_ERROR "${name} has unfinished translations")
endif()
message(STATUS "${name} is current and complete")
