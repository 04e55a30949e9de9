"""Django's Redis cache, keeping one client per connection pool.

Django's RedisCacheClient makes a new redis.Redis for every cache call, and making one costs
more than the call itself (redis-py sets up its table of response callbacks each time). A
redis.Redis on a connection pool is safe to share between threads, so one is kept per pool.
"""

from collections.abc import Callable
from typing import Any

from django.core.cache.backends import redis
from redis.client import Redis
from redis.connection import ConnectionPool


class RedisCacheClient(redis.RedisCacheClient):
    # Django's own, private (so not in django-stubs): the pool to read or write through, and
    # the class redis.Redis.
    _get_connection_pool: Callable[[bool], ConnectionPool]
    _client: type[Redis]

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # as Django's
        super().__init__(*args, **kwargs)
        self._clients: dict[ConnectionPool, Redis] = {}

    def get_client(self, key: object = None, *, write: bool = False) -> Redis:  # any key
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
