"""MongoDB for the platform tier: mongomock in place of pymongo, one in-process server for every client.

Must run before the platform's settings import pymongo's client anywhere (see ``lms.py`` / ``cms.py``).
"""
import mongomock
import mongomock.gridfs
import pymongo

#: Connection options the platform passes that mongomock does not know.
_DROPPED_OPTIONS = ("ssl", "tls", "replicaSet", "read_preference", "readPreference", "authsource", "authSource",
                    "username", "password", "retryWrites", "connect", "socketTimeoutMS", "connectTimeoutMS",
                    "serverSelectionTimeoutMS", "w", "maxPoolSize", "document_class")
_SERVER = mongomock.store.ServerStore()


class SharedMongoClient(mongomock.MongoClient):
    """A mongomock client on the one shared in-process server store."""

    def __init__(self, host=None, port=None, **kwargs):
        for name in _DROPPED_OPTIONS:
            kwargs.pop(name, None)
        kwargs["_store"] = _SERVER
        super().__init__(host=host, port=port, **kwargs)


def patch_mongo():
    pymongo.MongoClient = SharedMongoClient
    mongomock.gridfs.enable_gridfs_integration()


patch_mongo()
