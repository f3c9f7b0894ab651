# Generates a C++ source holding every migrations/NNNN_name.sql as a string, so the
# binary carries its schema. Run by CMake at build time with IN_DIR and OUT set.
file(GLOB files "${IN_DIR}/[0-9][0-9][0-9][0-9]_*.sql")
list(SORT files)
set(body "")
foreach(f ${files})
  get_filename_component(name "${f}" NAME_WE)
  string(SUBSTRING "${name}" 0 4 num)
  math(EXPR version "${num}")
  file(READ "${f}" sql)
  string(APPEND body "    {${version}, \"${name}\", R\"certkeep_sql(${sql})certkeep_sql\"},\n")
endforeach()
file(WRITE "${OUT}.tmp"
"// Generated from src/store/migrations/*.sql by embed.cmake; do not edit.\n"
"#include \"store/internal/migrations.h\"\n\n"
"namespace certkeep::store::internal {\n\n"
"std::span<const Migration> EmbeddedMigrations() {\n"
"  static const Migration kMigrations[] = {\n${body}  };\n"
"  return kMigrations;\n}\n\n}  // namespace certkeep::store::internal\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
