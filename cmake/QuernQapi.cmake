# quern_qapi_library(NAME SCHEMA file PREFIX p [BACKENDS b...] [LIBS l...])
#
# Runs qapi-gen on SCHEMA at build time into ${CMAKE_CURRENT_BINARY_DIR}/NAME/
# and makes a static library NAME of the generated C, with that directory on
# its include path. BACKENDS picks qapi-gen's backends (default: types, visit,
# commands, events). The schema's directory is a dependency as a whole, so an
# edit to any included file regenerates. qapi-gen rewrites only files whose
# text changed, so an unchanged schema rebuilds nothing.
function(quern_qapi_library name)
    cmake_parse_arguments(ARG "" "SCHEMA;PREFIX" "BACKENDS;LIBS" ${ARGN})
    if(NOT ARG_BACKENDS)
        set(ARG_BACKENDS types visit commands events)
    endif()
    set(out ${CMAKE_CURRENT_BINARY_DIR}/${name})
    set(outputs)
    foreach(backend ${ARG_BACKENDS})
        if(backend STREQUAL "types" OR backend STREQUAL "visit")
            list(APPEND outputs ${out}/qapi-builtin-${backend}.c
                                ${out}/qapi-builtin-${backend}.h)
        endif()
        if(backend STREQUAL "docs")
            list(APPEND outputs ${out}/${ARG_PREFIX}qapi-reference.md)
        else()
            list(APPEND outputs ${out}/${ARG_PREFIX}qapi-${backend}.c
                                ${out}/${ARG_PREFIX}qapi-${backend}.h)
        endif()
    endforeach()
    get_filename_component(schema_dir ${ARG_SCHEMA} DIRECTORY)
    file(GLOB_RECURSE schema_files CONFIGURE_DEPENDS ${schema_dir}/*.json)
    string(REPLACE ";" "," backend_list "${ARG_BACKENDS}")
    add_custom_command(
        OUTPUT ${outputs}
        COMMAND qapi-gen -o ${out} -p "${ARG_PREFIX}" -b ${backend_list}
                ${ARG_SCHEMA}
        DEPENDS qapi-gen ${schema_files}
        COMMENT "Generating ${name} from ${ARG_SCHEMA}"
        VERBATIM)
    set(sources ${outputs})
    list(FILTER sources INCLUDE REGEX "\\.c$")
    add_library(${name} STATIC ${sources})
    target_include_directories(${name} PUBLIC ${out})
    target_link_libraries(${name} PUBLIC quern-visitor quern-qmp ${ARG_LIBS})
endfunction()
