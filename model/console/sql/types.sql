-- Types one can write in a cast or a column definition: base types, enums, domains, ranges and
-- multiranges. Array types (written with []), pseudo-types and the row types of relations are
-- left out. The SQL name (format_type) is kept for the detail.
SELECT n.nspname AS schema_name,
       t.typname AS type_name,
       t.typtype::text AS type_kind,
       pg_catalog.format_type(t.oid, NULL) AS sql_name
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype IN ('b', 'e', 'd', 'r', 'm')
  AND t.typcategory <> 'A'
  AND t.typrelid = 0
  AND n.nspname NOT LIKE E'pg\\_toast%'
  AND n.nspname NOT LIKE E'pg\\_temp\\_%'
ORDER BY n.nspname, t.typname
