-- Every index on a relation in a user schema. Key columns (INCLUDE columns left out) come as a
-- JSON array: the plain column name for a column, the expression's text for an expression.
-- The keys are unnested rather than walked with generate_series: the planner guesses 1,000 rows
-- for a generate_series of unknown bounds, which priced this query over jit_above_cost and
-- made every schema load spend 20-60 ms compiling it.
SELECT n.nspname AS schema_name,
       c.relname AS relation_name,
       ic.relname AS index_name,
       (SELECT json_agg(CASE WHEN key.attnum = 0
                             THEN pg_catalog.pg_get_indexdef(i.indexrelid, key.k::int, true)
                             ELSE (SELECT a.attname::text
                                     FROM pg_catalog.pg_attribute a
                                    WHERE a.attrelid = i.indrelid
                                      AND a.attnum = key.attnum) END
                        ORDER BY key.k)::text
          FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS key(attnum, k)
         WHERE key.k <= i.indnkeyatts) AS columns,
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
