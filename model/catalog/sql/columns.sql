-- The user columns of every relation in a user schema, by position. Dropped columns and system
-- columns (attnum <= 0) are left out. For a generated column pg_attrdef holds the generation
-- expression, which comes back as the default. A domain column also names its base type (one
-- level), whose category and enum-ness decide how values are edited and checked.
SELECT n.nspname AS schema_name,
       c.relname AS relation_name,
       a.attname AS column_name,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS column_type,
       a.atttypid::bigint AS type_oid,
       CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE 0 END::bigint AS base_type_oid,
       bt.typcategory::text AS type_category,
       CASE WHEN bt.typtype = 'e' THEN btn.nspname ELSE '' END AS enum_schema,
       CASE WHEN bt.typtype = 'e' THEN bt.typname ELSE '' END AS enum_name,
       a.attnotnull AS not_null,
       coalesce(pg_catalog.pg_get_expr(d.adbin, d.adrelid), '') AS default_expr,
       a.attidentity <> '' AS is_identity,
       a.attgenerated <> '' AS is_generated,
       a.attnum AS position
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
JOIN pg_catalog.pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
JOIN pg_catalog.pg_namespace btn ON btn.oid = bt.typnamespace
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attnum > 0
  AND NOT a.attisdropped
  AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND n.nspname <> 'information_schema'
  AND left(n.nspname, 3) <> 'pg_'
ORDER BY n.nspname, c.relname, a.attnum
