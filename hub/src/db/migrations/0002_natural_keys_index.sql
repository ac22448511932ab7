-- Second half of version 2, once every row has its natural key.
DELETE FROM smv WHERE id NOT IN (SELECT min(id) FROM smv GROUP BY natural_key);
DELETE FROM iarms WHERE id NOT IN (SELECT min(id) FROM iarms GROUP BY natural_key);
CREATE UNIQUE INDEX smv_natural ON smv(natural_key);
CREATE UNIQUE INDEX iarms_natural ON iarms(natural_key);
