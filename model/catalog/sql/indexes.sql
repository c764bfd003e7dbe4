-- Every index on a relation in a user schema. Key columns (INCLUDE columns left out) come as a
-- JSON array: the plain column name for a column, the expression's text for an expression.
SELECT n.nspname AS schema_name,
       c.relname AS relation_name,
       ic.relname AS index_name,
       (SELECT json_agg(CASE WHEN i.indkey[k - 1] = 0
                             THEN pg_catalog.pg_get_indexdef(i.indexrelid, k, true)
                             ELSE (SELECT a.attname::text
                                     FROM pg_catalog.pg_attribute a
                                    WHERE a.attrelid = i.indrelid
                                      AND a.attnum = i.indkey[k - 1]) END
                        ORDER BY k)::text
          FROM generate_series(1, i.indnkeyatts) AS k) AS columns,
       i.indisunique AS is_unique,
       i.indisprimary AS is_primary,
       am.amname::text AS method,
       pg_catalog.pg_get_indexdef(i.indexrelid) AS definition
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_am am ON am.oid = ic.relam
WHERE c.relkind IN ('r', 'p', 'm')
  AND n.nspname <> 'information_schema'
  AND left(n.nspname, 3) <> 'pg_'
ORDER BY n.nspname, c.relname, ic.relname
