# quern_qapi_library(NAME SCHEMA file [PREFIX p] [BACKENDS b...] [LIBS l...]
#                    [SEPARATE_COMMANDS] [BUILTINS_FROM lib])
#
# Runs qapi-gen on SCHEMA at build time into ${CMAKE_CURRENT_BINARY_DIR}/NAME/
# and makes a static library NAME of the generated C, with that directory on
# its include path. BACKENDS picks qapi-gen's backends (default: types, visit,
# commands, events). The schema's directory is a dependency as a whole, so an
# edit to any included file regenerates. qapi-gen rewrites only files whose
# text changed, so an unchanged schema rebuilds nothing. No PREFIX (or an
# empty one) gives the unprefixed names: qapi-types.h, qmp_init_marshal().
#
# SEPARATE_COMMANDS leaves the commands backend's C out of NAME and puts its
# path in NAME's QUERN_QAPI_COMMANDS_C property. Its marshallers call every
# handler, and handlers live in the layers above NAME; compiled into the
# library that owns the command list (linked above the handlers' libraries)
# a static link finds them all, where inside NAME it would need a cycle.
# The events backend's C goes the same way (QUERN_QAPI_EVENTS_C): layers
# above NAME send events, and each send ends in the program's
# qapi_event_emit(), which the monitor defines.
#
# BUILTINS_FROM lib leaves out the qapi-builtin-* C, which is the same for
# every schema, and links lib, a generated library that has it: a program
# may hold only one copy, so a second schema linked beside the engine's
# takes the engine's.
function(quern_qapi_library name)
    cmake_parse_arguments(ARG "SEPARATE_COMMANDS" "SCHEMA;PREFIX;BUILTINS_FROM"
                          "BACKENDS;LIBS" ${ARGN})
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
    set(prefix_args)
    if(ARG_PREFIX)
        set(prefix_args -p "${ARG_PREFIX}")
    endif()
    add_custom_command(
        OUTPUT ${outputs}
        COMMAND qapi-gen -o ${out} ${prefix_args} -b ${backend_list}
                ${ARG_SCHEMA}
        DEPENDS qapi-gen ${schema_files}
        COMMENT "Generating ${name} from ${ARG_SCHEMA}"
        VERBATIM)
    set(sources ${outputs})
    list(FILTER sources INCLUDE REGEX "\\.c$")
    if(ARG_BUILTINS_FROM)
        list(FILTER sources EXCLUDE REGEX "/qapi-builtin-[a-z]+\\.c$")
    endif()
    set(commands_c ${out}/${ARG_PREFIX}qapi-commands.c)
    set(events_c ${out}/${ARG_PREFIX}qapi-events.c)
    if(ARG_SEPARATE_COMMANDS)
        list(REMOVE_ITEM sources ${commands_c} ${events_c})
    endif()
    add_library(${name} STATIC ${sources})
    target_include_directories(${name} PUBLIC ${out})
    target_link_libraries(${name} PUBLIC quern-visitor quern-qmp ${ARG_LIBS}
                          ${ARG_BUILTINS_FROM})
    if(ARG_SEPARATE_COMMANDS)
        set_target_properties(${name} PROPERTIES
                              QUERN_QAPI_COMMANDS_C ${commands_c}
                              QUERN_QAPI_EVENTS_C ${events_c})
    endif()
endfunction()
