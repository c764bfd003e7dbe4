#include "model/edit/changeset.h"

#include "model/db/pgvalue.h"

namespace dbx::model {

namespace {

// Values read from the database and values typed by the user differ in type (an int read
// back, "50000" typed): compare what the server would receive.
bool sameValue(const QVariant &a, const QVariant &b)
{
    if (a.isNull() || b.isNull())
        return a.isNull() && b.isNull();
    if (a.metaType() == b.metaType())
        return a == b;
    return pgTextValue(a) == pgTextValue(b);
}

} // namespace

bool sameKey(const QVariantList &a, const QVariantList &b)
{
    if (a.size() != b.size() || a.isEmpty())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a.at(i).toString() != b.at(i).toString())
            return false;
    }
    return true;
}

RowChange *ChangeSet::find(const QVariantList &key)
{
    for (RowChange &c : m_changes) {
        if (!c.isInsert() && sameKey(c.key, key))
            return &c;
    }
    return nullptr;
}

RowChange &ChangeSet::add(RowChange::Kind kind, const QVariantList &key, const QString &version,
                          const QVariantList &original)
{
    RowChange change;
    change.kind = kind;
    change.id = m_nextId++;
    change.key = key;
    change.version = version;
    change.original = original;
    m_changes << change;
    return m_changes.last();
}

const RowChange *ChangeSet::forKey(const QVariantList &key) const
{
    return const_cast<ChangeSet *>(this)->find(key);
}

const RowChange *ChangeSet::byId(int id) const
{
    for (const RowChange &c : m_changes) {
        if (c.id == id)
            return &c;
    }
    return nullptr;
}

QList<const RowChange *> ChangeSet::inserts() const
{
    QList<const RowChange *> out;
    for (const RowChange &c : m_changes) {
        if (c.isInsert())
            out << &c;
    }
    return out;
}

void ChangeSet::setValue(const QVariantList &key, const QString &version,
                         const QVariantList &original, int column, const QVariant &value)
{
    RowChange *c = find(key);
    if (c && c->isDelete())
        return;
    if (!c) {
        if (sameValue(original.value(column), value))
            return;
        c = &add(RowChange::Kind::Update, key, version, original);
    }
    if (sameValue(c->original.value(column), value))
        c->values.remove(column);
    else
        c->values.insert(column, value);
    if (c->values.isEmpty())
        revert(key);
}

int ChangeSet::addInsert(const QMap<int, QVariant> &values)
{
    RowChange change;
    change.kind = RowChange::Kind::Insert;
    change.id = m_nextId++;
    change.values = values;
    m_changes << change;
    return change.id;
}

void ChangeSet::setInsertValue(int id, int column, const QVariant &value)
{
    for (RowChange &c : m_changes) {
        if (c.id == id && c.isInsert()) {
            c.values.insert(column, value);
            return;
        }
    }
}

void ChangeSet::markDeleted(const QVariantList &key, const QString &version,
                            const QVariantList &original)
{
    if (RowChange *c = find(key)) {
        // Conflict detection must still compare against the version first read.
        c->kind = RowChange::Kind::Delete;
        c->values.clear();
        return;
    }
    add(RowChange::Kind::Delete, key, version, original);
}

void ChangeSet::removeInsert(int id)
{
    m_changes.removeIf([id](const RowChange &c) { return c.isInsert() && c.id == id; });
}

void ChangeSet::revert(const QVariantList &key)
{
    m_changes.removeIf([&key](const RowChange &c) { return !c.isInsert() && sameKey(c.key, key); });
}

void ChangeSet::rebase(const QVariantList &key, const QString &version,
                       const QVariantList &original)
{
    if (RowChange *c = find(key)) {
        c->version = version;
        c->original = original;
    }
}

void ChangeSet::restoreDeleted(const QVariantList &key)
{
    RowChange *c = find(key);
    if (!c)
        return;
    if (c->isDelete()) {
        revert(key);
        return;
    }
    QMap<int, QVariant> values;
    for (qsizetype i = 0; i < c->original.size(); ++i)
        values.insert(int(i), c->original.at(i));
    for (auto it = c->values.cbegin(); it != c->values.cend(); ++it)
        values.insert(it.key(), it.value());
    c->kind = RowChange::Kind::Insert;
    c->values = values;
    c->key.clear();
    c->version.clear();
    c->original.clear();
}

} // namespace dbx::model
