-- A table's columns in order, with their types and comments (the definitions written in the
-- schema files), for the Dagster UI's column schema.
SELECT column_name, data_type, comment
FROM duckdb_columns()
WHERE table_name = $table AND schema_name = 'main' AND database_name = current_database()
ORDER BY column_index
