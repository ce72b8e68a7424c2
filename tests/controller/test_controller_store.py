"""Store, ThreadSafeStore, index and listers: ports of client-go tools/cache tests @ v0.36.3."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from k8slearn.api.core import Pod
from k8slearn.api.meta import ObjectMeta
from k8slearn.apiserver import NotFound
from k8slearn.tools.cache import (
    NAMESPACE_INDEX,
    CacheError,
    ExplicitKey,
    KeyFuncError,
    Lister,
    ThreadSafeStore,
    TransactionError,
    list_all,
    meta_namespace_index_func,
    meta_namespace_key_func,
    new_indexer,
    new_store,
    split_meta_namespace_key,
)
from k8slearn.tools.cache.thread_safe_store import TransactionType


def pod(name, ns="default", rv="", labels=None, annotations=None):
    return Pod(metadata=ObjectMeta(name=name, namespace=ns, resource_version=rv,
                                   labels=labels or {}, annotations=annotations or {}))


def test_keys():
    assert meta_namespace_key_func(pod("a", "ns")) == "ns/a"
    assert meta_namespace_key_func(pod("a", "")) == "a"
    assert meta_namespace_key_func(ExplicitKey("x/y")) == "x/y"
    with pytest.raises(CacheError, match="object has no meta"):
        meta_namespace_key_func(42)


@pytest.mark.parametrize(
    "key,expected",
    [("name", ("", "name")), ("ns/name", ("ns", "name")), ("", ("", ""))],
    ids=["cluster-scoped", "namespaced", "empty"],
)
def test_split_meta_namespace_key(key, expected):
    assert split_meta_namespace_key(key) == expected


def test_split_meta_namespace_key_error():
    with pytest.raises(CacheError, match='unexpected key format: "a/b/c"'):
        split_meta_namespace_key("a/b/c")


def obj(id_, val):
    return SimpleNamespace(id=id_, val=val)


def test_do_test_store_contract():
    store = new_store(lambda o: o.id)
    store.add(obj("foo", "bar"))
    assert store.get_by_key("foo")[0].val == "bar"
    store.update(obj("foo", "baz"))
    assert store.get_by_key("foo")[0].val == "baz"
    store.delete(obj("foo", ""))
    assert store.get_by_key("foo") == (None, False)
    for i, v in (("a", "b"), ("c", "d"), ("e", "e")):
        store.add(obj(i, v))
    assert {o.val for o in store.list()} == {"b", "d", "e"}
    store.replace([obj("foo", "foo"), obj("bar", "bar")], "0")
    assert {o.val for o in store.list()} == {"foo", "bar"}


def test_store_with_transformer_is_invoked():
    store = new_store(lambda o: o.id, transformer=lambda o: obj(o.id, o.val.upper()))
    store.add(obj("a", "x"))
    assert store.get_by_key("a")[0].val == "X"


def test_index_by_val():
    idx = new_indexer(lambda o: o.id, {"by_val": lambda o: [o.val]})
    for i, v in (("a", "b"), ("c", "b"), ("e", "f"), ("g", "h")):
        idx.add(obj(i, v))
    assert {o.id for o in idx.index("by_val", obj("", "b"))} == {"a", "c"}
    assert {o.id for o in idx.index("by_val", obj("", "f"))} == {"e"}
    assert {o.id for o in idx.index("by_val", obj("", "h"))} == {"g"}


def test_key_error_wraps_cause():
    inner = ValueError("boom")
    err = KeyFuncError("o", inner)
    assert err.__cause__ is inner and "couldn't create key for object" in str(err)


@pytest.mark.parametrize(
    "ids,successful",
    [([1, 2], None), ([3, 4], []), ([1, 3, 2, 4], [0, 2])],
    ids=["all-good", "all-bad", "mixed"],
)
def test_cache_transaction_should_index_errors(ids, successful):
    def key(o):
        if o.id in (3, 4):
            raise ValueError("bad key")
        return str(o.id)

    store = new_store(key)
    txns = [(TransactionType.ADD, obj(i, i)) for i in ids]
    if successful is None:
        store.transaction(txns)
        assert sorted(store.list_keys()) == ["1", "2"]
    else:
        with pytest.raises(TransactionError) as info:
            store.transaction(txns)
        assert info.value.successful_indices == successful


def test_delete_removes_empty_sets_from_index():
    s = ThreadSafeStore({"i": lambda o: [o]})
    s.add("testKey", "testKey")
    assert len(s._indices["i"]["testKey"]) == 1
    s.delete("testKey")
    assert "testKey" not in s._indices["i"]


def test_add_keeps_non_empty_set_post_delete():
    s = ThreadSafeStore({"i": lambda o: ["testIndex"]})
    s.add("retain", "retain")
    s.add("delete", "delete")
    assert len(s._indices["i"]["testIndex"]) == 2
    s.delete("delete")
    assert s._indices["i"]["testIndex"] == {"retain"}


def test_indexing_functions_with_multiple_values():
    s = ThreadSafeStore({"i": lambda o: o.split(",")})

    def check(value, keys):
        assert set(s.index_keys("i", value)) == set(keys)

    s.add("key1", "foo")
    s.add("key2", "bar")
    check("foo", ["key1"])
    check("bar", ["key2"])
    s.update("key2", "foo,bar")
    check("foo", ["key1", "key2"])
    check("bar", ["key2"])
    s.update("key1", "foo,bar")
    check("bar", ["key1", "key2"])
    s.add("key3", "foo,bar,baz")
    check("foo", ["key1", "key2", "key3"])
    check("bar", ["key1", "key2", "key3"])
    check("baz", ["key3"])
    s.update("key1", "foo")
    check("bar", ["key2", "key3"])
    s.update("key2", "bar")
    check("foo", ["key1", "key3"])
    s.delete("key1")
    check("foo", ["key3"])
    s.delete("key3")
    check("foo", [])
    check("bar", ["key2"])
    check("baz", [])


def test_thread_safe_store_rv_is_last_written():
    s = ThreadSafeStore()
    assert s.last_store_sync_resource_version() == ""
    s.add("k1", pod("a", rv="10"))
    assert s.last_store_sync_resource_version() == "10"
    s.add("k2", pod("b", rv="10"))
    s.add("k3", pod("c", rv="20"))
    assert s.last_store_sync_resource_version() == "20"
    s.delete_with_object("k4", pod("d", rv="30"))
    assert s.last_store_sync_resource_version() == "30"
    s.add("k5", "a plain string")
    assert s.last_store_sync_resource_version() == "30"
    s.add("k6", pod("e", rv="40"))
    s.delete("k6")
    assert s.last_store_sync_resource_version() == "40"
    s.transaction([(TransactionType.UPDATE, f"t{i}", pod("t", rv=rv))
                   for i, rv in enumerate(["40", "30", "50"])])
    assert s.last_store_sync_resource_version() == "50"
    s.replace({"x": pod("x", rv="40"), "y": pod("y", rv="30")}, "50")
    assert s.last_store_sync_resource_version() == "50"
    s.add("z", pod("z", rv="5"))  # last written, not a maximum
    assert s.last_store_sync_resource_version() == "5"


def test_get_index_func_values():
    idx = new_indexer(meta_namespace_key_func, {"testmodes": lambda o: [o.metadata.labels["foo"]]})
    for name, v in (("one", "bar"), ("two", "bar"), ("tre", "biz")):
        idx.add(pod(name, labels={"foo": v}))
    assert sorted(idx.list_index_func_values("testmodes")) == ["bar", "biz"]
    assert idx.list_index_func_values("unknown") == []


def test_multi_index_keys():
    def by_user(o):
        return o.metadata.annotations["users"].split(",")

    idx = new_indexer(meta_namespace_key_func, {"byUser": by_user})
    one = pod("one", annotations={"users": "ernie,bert"})
    two = pod("two", annotations={"users": "bert,oscar"})
    tre = pod("tre", annotations={"users": "ernie,elmo"})
    for p in (one, two, tre):
        idx.add(p)

    def names(user):
        return sorted(p.metadata.name for p in idx.by_index("byUser", user))

    assert names("ernie") == ["one", "tre"]
    assert names("bert") == ["one", "two"]
    assert names("elmo") == ["tre"]
    assert names("oscar") == ["two"]
    assert names("elmo1") == []
    idx.delete(tre)
    assert names("ernie") == ["one"]
    assert names("elmo") == []
    idx.update(pod("two", annotations={"users": "oscar"}))
    assert names("bert") == ["one"]
    with pytest.raises(CacheError, match="Index with name nope does not exist"):
        idx.by_index("nope", "x")


def test_add_indexers_back_fills_and_rejects_conflicts():
    idx = new_indexer(meta_namespace_key_func, {NAMESPACE_INDEX: meta_namespace_index_func})
    idx.add(pod("a", "ns1"))
    idx.add_indexers({"name": lambda o: [o.metadata.name]})
    assert [p.metadata.name for p in idx.by_index("name", "a")] == ["a"]
    with pytest.raises(CacheError, match="indexer conflict"):
        idx.add_indexers({"name": lambda o: []})


@pytest.mark.parametrize(
    "n,labelled,selector,expected",
    [(1000, 100, {"match": "true"}, 100), (1000, 0, None, 1000), (1000, 0, {"match": "true"}, 0)],
    ids=["subset-match", "all-match", "no-match"],
)
def test_list_all(n, labelled, selector, expected):
    store = new_store(meta_namespace_key_func)
    for i in range(n):
        store.add(pod(f"p{i}", labels={"match": "true"} if i < labelled else {}))
    out = []
    list_all(store, selector, out.append)
    assert len(out) == expected


def test_lister_not_found_uses_singular_resource():
    idx = new_indexer(meta_namespace_key_func, {NAMESPACE_INDEX: meta_namespace_index_func})
    idx.add(pod("a", "ns1"))
    idx.add(pod("b", "ns2"))
    lister = Lister(idx, "replicasets")
    with pytest.raises(NotFound, match='replicaset.apps "x" not found'):
        lister.get("ns1", "x")
    assert [p.metadata.name for p in Lister(idx, "pods").namespace("ns2").list()] == ["b"]
    with pytest.raises(NotFound, match='^pod "zz" not found$'):
        Lister(idx, "pods").get("ns1", "zz")
