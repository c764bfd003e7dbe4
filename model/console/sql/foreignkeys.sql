-- Every foreign key, by relation oids and column numbers (named through the columns query).
SELECT con.conrelid::bigint AS relation_oid,
       con.confrelid::bigint AS ref_relation_oid,
       con.conkey::int[] AS columns,
       con.confkey::int[] AS ref_columns
FROM pg_catalog.pg_constraint con
WHERE con.contype = 'f'
