"""Django's Redis cache, keeping one client per connection pool.

Django's RedisCacheClient makes a new redis.Redis for every cache call, and making one costs
more than the call itself (redis-py sets up its table of response callbacks each time). A
redis.Redis on a connection pool is safe to share between threads, so one is kept per pool.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
