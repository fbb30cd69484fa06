# ctest script: fails when BINARY links Qt Widgets or Qt Gui. The server, the CLI and the
# model tests must stay free of them (DESIGN.md §2: models never include a widget).
execute_process(COMMAND readelf -d "${BINARY}" OUTPUT_VARIABLE dynamic RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "readelf failed on ${BINARY}")
endif()
if(dynamic MATCHES "libQt6(Widgets|Gui)")
    message(FATAL_ERROR "${BINARY} links ${CMAKE_MATCH_0}")
endif()
message(STATUS "${BINARY}: no Qt Widgets or Gui")
