-- Functions every connection gets (temporary: they live in the connection, not in the file).
CREATE OR REPLACE TEMP MACRO hash_ip(ip, salt) AS
    CASE WHEN nullif(trim(ip), '') IS NOT NULL AND trim(ip) <> '-' THEN left(sha256(salt || trim(ip)), 16) END;
CREATE OR REPLACE TEMP MACRO mask_ips(t) AS regexp_replace(regexp_replace(t,
    '\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}', '[ip]', 'g'),
    '[0-9A-Fa-f:]*::[0-9A-Fa-f:.]*|([0-9A-Fa-f]{1,4}:){5,7}[0-9A-Fa-f]{1,4}', '[ip]', 'g');
