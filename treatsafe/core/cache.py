"""Django's database cache with an atomic `incr`, so rate-limit counters shared by every server
process never lose a hit when two requests count at once.

Django's own `incr` reads, adds and writes back in three steps, and its write resets the
expiry. Here the row is locked first (`SELECT ... FOR UPDATE` on PostgreSQL; on SQLite the
transaction is `BEGIN IMMEDIATE`, which already holds the only write lock) and only the value
changes, so a counter's window keeps its end.
"""

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router, transaction
from django.utils.timezone import now as tz_now


class DatabaseCache(DjangoDatabaseCache):
    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table = quote(self._table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote('value')}, {quote('expires')} FROM {table} "
                f"WHERE {quote('cache_key')} = %s{lock}",
                [key],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found")
            value, expires = row
            for converter in connection.ops.get_db_converters(
                _EXPIRES
            ) + _EXPIRES.get_db_converters(connection):
                expires = converter(expires, _EXPIRES, connection)
            if expires < tz_now():
                raise ValueError(f"Key '{key}' not found")
            value = pickle.loads(base64.b64decode(connection.ops.process_clob(value).encode()))
            new_value = value + delta
            encoded = base64.b64encode(pickle.dumps(new_value, self.pickle_protocol))
            cursor.execute(
                f"UPDATE {table} SET {quote('value')} = %s WHERE {quote('cache_key')} = %s",
                [encoded.decode("latin1"), key],
            )
        return new_value


def _expires_expression():
    from django.db import models

    return models.Expression(output_field=models.DateTimeField())


_EXPIRES = _expires_expression()
