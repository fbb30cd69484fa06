# One INTERFACE target that every project target links: the strict Qt defines, the
# warnings and the hardening flags. Nothing here is set at directory scope.
add_library(htmse_flags INTERFACE)

target_compile_definitions(htmse_flags INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_CONTEXTLESS_CONNECT
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_FOREACH
    QT_USE_QSTRINGBUILDER
    QT_STRICT_ITERATORS
    QT_DISABLE_DEPRECATED_UP_TO=0x060400)

if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(htmse_flags INTERFACE
        -Wall -Wextra -Wpedantic -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
        -Wshadow=local -Wformat=2 -Wimplicit-fallthrough
        -fstack-protector-strong -fstack-clash-protection)
    # _FORTIFY_SOURCE needs optimisation and fights the sanitizers' interceptors.
    if(NOT HTMSE_SANITIZE AND NOT HTMSE_FUZZ)
        target_compile_definitions(htmse_flags INTERFACE $<$<NOT:$<CONFIG:Debug>>:_FORTIFY_SOURCE=2>)
    endif()
    target_link_options(htmse_flags INTERFACE -Wl,-z,relro -Wl,-z,now -Wl,-z,noexecstack)
    if(HTMSE_WERROR)
        target_compile_options(htmse_flags INTERFACE -Werror)
    endif()
    if(HTMSE_SANITIZE)
        target_compile_options(htmse_flags INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
            -fno-sanitize-recover=undefined)
        target_link_options(htmse_flags INTERFACE -fsanitize=address,undefined)
    endif()
    # libFuzzer: every library is instrumented for coverage; the fuzz targets link the driver.
    if(HTMSE_FUZZ)
        if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
            message(FATAL_ERROR "HTMSE_FUZZ needs clang (the fuzz preset sets CMAKE_CXX_COMPILER=clang++)")
        endif()
        target_compile_options(htmse_flags INTERFACE -fsanitize=fuzzer-no-link,address,undefined
            -fno-omit-frame-pointer -fno-sanitize-recover=undefined -Wno-unknown-warning-option)
        target_link_options(htmse_flags INTERFACE -fsanitize=address,undefined)
    endif()
elseif(MSVC)
    target_compile_options(htmse_flags INTERFACE /W4 /permissive- /utf-8 /guard:cf $<$<BOOL:${HTMSE_WERROR}>:/WX>)
    target_link_options(htmse_flags INTERFACE /guard:cf /DYNAMICBASE /NXCOMPAT)
endif()

set(CMAKE_POSITION_INDEPENDENT_CODE ON)
include(CheckPIESupported)
check_pie_supported()

find_program(HTMSE_CCACHE ccache)
if(HTMSE_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
    set(CMAKE_CXX_COMPILER_LAUNCHER "${HTMSE_CCACHE}")
endif()
