-- Primary keys, foreign keys, unique and check constraints of every relation in a user schema.
-- Key columns come as JSON arrays in key order (conkey/confkey positions), which keeps names
-- with commas or quotes intact, unlike PostgreSQL's text form of arrays.
SELECT n.nspname AS schema_name,
       c.relname AS relation_name,
       con.conname AS constraint_name,
       con.contype::text AS constraint_type,
       (SELECT coalesce(json_agg(a.attname ORDER BY k.ord), '[]'::json)::text
          FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_catalog.pg_attribute a
            ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns,
       coalesce(rn.nspname, '') AS ref_schema,
       coalesce(rc.relname, '') AS ref_relation,
       (SELECT coalesce(json_agg(a.attname ORDER BY k.ord), '[]'::json)::text
          FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_catalog.pg_attribute a
            ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS ref_columns,
       CASE con.confdeltype
           WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT'
           WHEN 'r' THEN 'RESTRICT' WHEN 'a' THEN 'NO ACTION' ELSE '' END AS on_delete,
       CASE con.confupdtype
           WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT'
           WHEN 'r' THEN 'RESTRICT' WHEN 'a' THEN 'NO ACTION' ELSE '' END AS on_update,
       CASE WHEN con.contype = 'c' THEN pg_catalog.pg_get_constraintdef(con.oid) ELSE '' END
           AS check_definition
FROM pg_catalog.pg_constraint con
JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid
LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
WHERE con.contype IN ('p', 'f', 'u', 'c')
  AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND n.nspname <> 'information_schema'
  AND left(n.nspname, 3) <> 'pg_'
ORDER BY n.nspname, c.relname, con.conname
