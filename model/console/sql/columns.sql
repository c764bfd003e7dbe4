-- The user columns of those relations with their types as PostgreSQL writes them; attnum
-- resolves the foreign keys' conkey/confkey.
SELECT a.attrelid::bigint AS relation_oid,
       a.attnum AS position,
       a.attname AS column_name,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS column_type
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
WHERE a.attnum > 0
  AND NOT a.attisdropped
  AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
ORDER BY a.attrelid, a.attnum
