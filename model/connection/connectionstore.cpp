#include "model/connection/connectionstore.h"

#include <QSettings>

#include <algorithm>

namespace dbx::model {

namespace {

// Layout: connections/saved/<n>/..., connections/last/..., connections/lastWasDemo. One group
// keeps the store from touching the rest of the application's settings.
QString groupName()
{
    return QStringLiteral("connections");
}

QString savedArray()
{
    return QStringLiteral("saved");
}

QString lastGroup()
{
    return QStringLiteral("last");
}

QString demoKey()
{
    return QStringLiteral("lastWasDemo");
}

// Secrets stay out of the settings file, which is plain text and often synced or backed up.
bool isSecret(const QString &key)
{
    return key.compare(QLatin1String("password"), Qt::CaseInsensitive) == 0 ||
           key.compare(QLatin1String("sslpassword"), Qt::CaseInsensitive) == 0;
}

// QSettings would turn a '/' or '\' in a key into a sub-group.
bool isStorableKey(const QString &key)
{
    return !key.isEmpty() && !key.contains(QLatin1Char('/')) && !key.contains(QLatin1Char('\\'));
}

// Writes spec into the current group, which the caller has emptied; unset fields are left out
// so the file only shows what the user chose.
void writeSpec(QSettings &settings, const ConnectionSpec &spec)
{
    const auto put = [&settings](const QString &key, const QString &value) {
        if (!value.isEmpty())
            settings.setValue(key, value);
    };
    put(QStringLiteral("name"), spec.name);
    put(QStringLiteral("host"), spec.host);
    if (spec.port > 0)
        settings.setValue(QStringLiteral("port"), spec.port);
    put(QStringLiteral("database"), spec.database);
    put(QStringLiteral("user"), spec.user);
    put(QStringLiteral("sslMode"), spec.sslMode);
    put(QStringLiteral("group"), spec.group);
    put(QStringLiteral("color"), spec.color);
    if (spec.production)
        settings.setValue(QStringLiteral("production"), true);
    settings.beginGroup(QStringLiteral("options"));
    for (auto it = spec.options.cbegin(); it != spec.options.cend(); ++it) {
        if (isStorableKey(it.key()) && !isSecret(it.key()))
            settings.setValue(it.key(), it.value());
    }
    settings.endGroup();
}

ConnectionSpec readSpec(QSettings &settings)
{
    ConnectionSpec spec;
    spec.name = settings.value(QStringLiteral("name")).toString();
    spec.host = settings.value(QStringLiteral("host")).toString();
    bool portOk = false;
    const int port = settings.value(QStringLiteral("port")).toInt(&portOk);
    spec.port = portOk && port > 0 && port <= 65535 ? port : -1;
    spec.database = settings.value(QStringLiteral("database")).toString();
    spec.user = settings.value(QStringLiteral("user")).toString();
    spec.sslMode = settings.value(QStringLiteral("sslMode")).toString();
    spec.group = settings.value(QStringLiteral("group")).toString();
    spec.color = settings.value(QStringLiteral("color")).toString();
    spec.production = settings.value(QStringLiteral("production"), false).toBool();
    settings.beginGroup(QStringLiteral("options"));
    const QStringList keys = settings.childKeys();
    for (const QString &key : keys) {
        if (!isSecret(key))
            spec.options.insert(key, settings.value(key).toString());
    }
    settings.endGroup();
    return spec;
}

// Saved and last connections are identified by name; an unnamed one is given its display
// name so it can be found, listed and replaced later.
ConnectionSpec named(const ConnectionSpec &spec)
{
    ConnectionSpec copy = spec;
    if (copy.name.isEmpty())
        copy.name = spec.displayName();
    return copy;
}

void writeAll(QSettings &settings, const QList<ConnectionSpec> &specs)
{
    settings.beginGroup(groupName());
    settings.remove(savedArray());
    settings.beginWriteArray(savedArray(), int(specs.size()));
    for (int i = 0; i < specs.size(); ++i) {
        settings.setArrayIndex(i);
        writeSpec(settings, specs.at(i));
    }
    settings.endArray();
    settings.endGroup();
}

} // namespace

ConnectionStore::ConnectionStore(QSettings *settings)
    : m_settings(settings)
{
    if (!m_settings) {
        m_owned = std::make_unique<QSettings>();
        m_settings = m_owned.get();
    }
}

QList<ConnectionSpec> ConnectionStore::saved() const
{
    QList<ConnectionSpec> specs;
    m_settings->beginGroup(groupName());
    const int count = m_settings->beginReadArray(savedArray());
    for (int i = 0; i < count; ++i) {
        m_settings->setArrayIndex(i);
        specs << readSpec(*m_settings);
    }
    m_settings->endArray();
    m_settings->endGroup();
    return specs;
}

void ConnectionStore::save(const ConnectionSpec &spec)
{
    const ConnectionSpec entry = named(spec);
    QList<ConnectionSpec> specs = saved();
    const auto sameName = [&entry](const ConnectionSpec &s) { return s.name == entry.name; };
    const auto existing = std::find_if(specs.begin(), specs.end(), sameName);
    if (existing == specs.end()) {
        specs << entry;
    } else {
        // Keep the entry where the user had it; drop duplicates a hand-edited file may hold.
        *existing = entry;
        specs.erase(std::remove_if(std::next(existing), specs.end(), sameName), specs.end());
    }
    writeAll(*m_settings, specs);
}

void ConnectionStore::remove(const QString &name)
{
    QList<ConnectionSpec> specs = saved();
    const qsizetype removed =
        specs.removeIf([&name](const ConnectionSpec &s) { return s.name == name; });
    if (removed > 0)
        writeAll(*m_settings, specs);
}

ConnectionSpec ConnectionStore::last() const
{
    m_settings->beginGroup(groupName());
    m_settings->beginGroup(lastGroup());
    const ConnectionSpec spec = readSpec(*m_settings);
    m_settings->endGroup();
    m_settings->endGroup();
    return spec;
}

void ConnectionStore::setLast(const ConnectionSpec &spec)
{
    m_settings->beginGroup(groupName());
    m_settings->remove(lastGroup());
    m_settings->beginGroup(lastGroup());
    writeSpec(*m_settings, named(spec));
    m_settings->endGroup();
    // A real connection was used after the demo, so the demo is no longer the last one.
    m_settings->setValue(demoKey(), false);
    m_settings->endGroup();
}

void ConnectionStore::setLastWasDemo(bool demo)
{
    m_settings->beginGroup(groupName());
    m_settings->setValue(demoKey(), demo);
    m_settings->endGroup();
}

bool ConnectionStore::lastWasDemo() const
{
    m_settings->beginGroup(groupName());
    const bool demo = m_settings->value(demoKey(), false).toBool();
    m_settings->endGroup();
    return demo;
}

} // namespace dbx::model
