# Translations: the catalogue sources are the desktop's own files plus every library it links,
# so lupdate sees the strings of models/ and views/ too.
function(htmse_absolute_sources out)
    set(result "")
    foreach(target IN LISTS ARGN)
        get_target_property(dir ${target} SOURCE_DIR)
        get_target_property(sources ${target} SOURCES)
        foreach(source IN LISTS sources)
            if(source MATCHES "\\.(cpp|h)$" AND NOT source MATCHES "^\\$<")
                if(IS_ABSOLUTE "${source}")
                    list(APPEND result "${source}")
                else()
                    list(APPEND result "${dir}/${source}")
                endif()
            endif()
        endforeach()
    endforeach()
    set(${out} "${result}" PARENT_SCOPE)
endfunction()

# htmse_add_translations(TARGET t TS_FILES a.ts ... SOURCE_TARGETS lib ... [LUPDATE_OPTIONS ...])
# Embeds the compiled catalogues under :/i18n, adds the update_translations target and a
# test that fails when a catalogue is stale or a shipped language has unfinished strings.
function(htmse_add_translations)
    cmake_parse_arguments(ARG "" "TARGET" "TS_FILES;SOURCE_TARGETS;LUPDATE_OPTIONS" ${ARGN})
    find_package(Qt6 REQUIRED COMPONENTS LinguistTools)
    htmse_absolute_sources(sources ${ARG_TARGET} ${ARG_SOURCE_TARGETS})
    list(SORT sources)
    # The include roots first, so lupdate resolves "session/SyncController.h" as the compiler
    # does (it needs the class declarations to name each string's context, namespace included).
    # update_translations and the staleness test read this one list, so they cannot disagree.
    string(REPLACE ";" "\n" source_lines "${sources}")
    set(source_list "${CMAKE_CURRENT_BINARY_DIR}/${ARG_TARGET}_lupdate_sources.lst")
    file(WRITE "${source_list}" "-I${PROJECT_SOURCE_DIR}\n-I${PROJECT_SOURCE_DIR}/models\n${source_lines}\n")
    set(ts_absolute "")
    foreach(ts IN LISTS ARG_TS_FILES)
        get_filename_component(ts_abs "${ts}" ABSOLUTE)
        list(APPEND ts_absolute "${ts_abs}")
    endforeach()
    add_custom_target(update_translations
        COMMAND Qt6::lupdate -no-obsolete -locations none ${ARG_LUPDATE_OPTIONS} "@${source_list}" -ts ${ts_absolute}
        COMMENT "Updating ${ARG_TS_FILES} from the sources"
        VERBATIM)
    qt_add_lrelease(${ARG_TARGET} TS_FILES ${ARG_TS_FILES} QM_FILES_OUTPUT_VARIABLE qm_files)
    qt_add_resources(${ARG_TARGET} "translations" PREFIX "/i18n" BASE "${CMAKE_CURRENT_BINARY_DIR}" FILES ${qm_files})

    if(HTMSE_BUILD_TESTS)
        foreach(ts IN LISTS ARG_TS_FILES)
            get_filename_component(ts_abs "${ts}" ABSOLUTE)
            get_filename_component(ts_name "${ts}" NAME_WE)
            add_test(NAME translations_${ts_name}
                COMMAND "${CMAKE_COMMAND}"
                    "-DLUPDATE=$<TARGET_FILE:Qt6::lupdate>"
                    "-DSOURCES_LIST=${CMAKE_CURRENT_BINARY_DIR}/${ARG_TARGET}_lupdate_sources.lst"
                    "-DTS_FILE=${ts_abs}"
                    "-DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/translations-check"
                    "-DLUPDATE_OPTIONS=${ARG_LUPDATE_OPTIONS}"
                    -P "${PROJECT_SOURCE_DIR}/cmake/CheckTranslations.cmake")
            set_tests_properties(translations_${ts_name} PROPERTIES LABELS "unit")
        endforeach()
    endif()
endfunction()
