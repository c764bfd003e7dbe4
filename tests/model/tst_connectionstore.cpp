// Unit tests for ConnectionStore: saving, replacing, removing, the last connection, and that no
// password ever reaches the settings file.
#include "model/connection/connectionstore.h"

#include <QCoreApplication>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <initializer_list>
#include <memory>
#include <utility>

using dbx::model::ConnectionSpec;
using dbx::model::ConnectionStore;

namespace {

QString str(const char *utf8)
{
    return QString::fromUtf8(utf8);
}

// Builds expected specs field by field; GCC 12 warns about designated initializers that leave
// members to their defaults, which is exactly what these specs want.
class Spec {
public:
    Spec &name(const char *v) { return set(&ConnectionSpec::name, str(v)); }
    Spec &host(const char *v) { return set(&ConnectionSpec::host, str(v)); }
    Spec &port(int v) { return set(&ConnectionSpec::port, v); }
    Spec &database(const char *v) { return set(&ConnectionSpec::database, str(v)); }
    Spec &user(const char *v) { return set(&ConnectionSpec::user, str(v)); }
    Spec &password(const char *v) { return set(&ConnectionSpec::password, str(v)); }
    Spec &sslMode(const char *v) { return set(&ConnectionSpec::sslMode, str(v)); }
    Spec &options(const QMap<QString, QString> &v) { return set(&ConnectionSpec::options, v); }
    operator ConnectionSpec() const { return m_spec; }

private:
    template <typename T> Spec &set(T ConnectionSpec::*field, const T &value)
    {
        m_spec.*field = value;
        return *this;
    }
    ConnectionSpec m_spec;
};

QMap<QString, QString> opts(std::initializer_list<std::pair<const char *, const char *>> pairs)
{
    QMap<QString, QString> options;
    for (const auto &[key, value] : pairs)
        options.insert(str(key), str(value));
    return options;
}

void compareSpec(const ConnectionSpec &actual, const ConnectionSpec &expected)
{
    QCOMPARE(actual.name, expected.name);
    QCOMPARE(actual.host, expected.host);
    QCOMPARE(actual.port, expected.port);
    QCOMPARE(actual.database, expected.database);
    QCOMPARE(actual.user, expected.user);
    QCOMPARE(actual.password, expected.password);
    QCOMPARE(actual.sslMode, expected.sslMode);
    QCOMPARE(actual.options.keys(), expected.options.keys());
    QCOMPARE(actual.options.values(), expected.options.values());
    QCOMPARE(actual.group, expected.group);
    QCOMPARE(actual.color, expected.color);
    QCOMPARE(actual.production, expected.production);
}

ConnectionSpec prod()
{
    return Spec()
        .name("Prod")
        .host("db.example.com")
        .port(5433)
        .database("sales")
        .user("bob")
        .sslMode("verify-full")
        .options(opts({{"connect_timeout", "5"}, {"sslrootcert", "/etc/ssl/ca.pem"}}));
}

ConnectionSpec local()
{
    return Spec().name("Local").host("/tmp/sock").database("demo");
}

} // namespace

class TestConnectionStore : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void emptyStore();
    void saveAndRead();
    void savePersists();
    void lookPersists();
    void saveReplacesByName();
    void saveUnnamed();
    void remove();
    void passwordNeverWritten();
    void last();
    void lastReplacesEverything();
    void lastUnnamed();
    void lastWasDemo();
    void hostileValues();
    void corruptFile();
    void defaultSettings();

private:
    QString iniPath() const;
    std::unique_ptr<QSettings> openSettings() const;

    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;
};

void TestConnectionStore::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // The default-constructed QSettings of defaultSettings() must land in the temporary dir.
    QCoreApplication::setOrganizationName(QStringLiteral("dbx-test"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_connectionstore"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
}

QString TestConnectionStore::iniPath() const
{
    return m_dir.filePath(QString::fromLatin1(QTest::currentTestFunction()) +
                          QStringLiteral(".ini"));
}

std::unique_ptr<QSettings> TestConnectionStore::openSettings() const
{
    return std::make_unique<QSettings>(iniPath(), QSettings::IniFormat);
}

void TestConnectionStore::init()
{
    QFile::remove(iniPath());
    m_settings = openSettings();
}

void TestConnectionStore::cleanup()
{
    m_settings.reset();
}

void TestConnectionStore::emptyStore()
{
    const ConnectionStore store(m_settings.get());
    QVERIFY(store.saved().isEmpty());
    QVERIFY(store.last().name.isEmpty());
    QVERIFY(store.last() == Spec());
    QVERIFY(!store.lastWasDemo());
}

void TestConnectionStore::saveAndRead()
{
    ConnectionStore store(m_settings.get());
    store.save(prod());
    store.save(local());
    const QList<ConnectionSpec> saved = store.saved();
    QCOMPARE(saved.size(), 2);
    compareSpec(saved.at(0), prod());
    compareSpec(saved.at(1), local());
}

void TestConnectionStore::savePersists()
{
    {
        ConnectionStore store(m_settings.get());
        store.save(prod());
        store.setLast(local());
    }
    m_settings.reset(); // writes the file
    const auto settings = openSettings();
    const ConnectionStore store(settings.get());
    QCOMPARE(store.saved().size(), 1);
    compareSpec(store.saved().at(0), prod());
    compareSpec(store.last(), local());
}

// The Connections dock's group, colour and production flag live with the connection.
void TestConnectionStore::lookPersists()
{
    ConnectionSpec look = prod();
    look.group = str("Customers/EU");
    look.color = str("#d32f2f");
    look.production = true;
    {
        ConnectionStore store(m_settings.get());
        store.save(look);
        store.save(local());
    }
    m_settings.reset();
    const auto settings = openSettings();
    const ConnectionStore store(settings.get());
    QCOMPARE(store.saved().size(), 2);
    compareSpec(store.saved().at(0), look);
    compareSpec(store.saved().at(1), local());
    QVERIFY(!store.saved().at(1).production);
    QVERIFY(store.saved().at(1).color.isEmpty());
}

void TestConnectionStore::saveReplacesByName()
{
    ConnectionStore store(m_settings.get());
    store.save(prod());
    store.save(local());
    ConnectionSpec changed = prod();
    changed.host = str("replica.example.com");
    changed.port = -1;
    changed.options = opts({{"application_name", "report"}});
    store.save(changed);

    const QList<ConnectionSpec> saved = store.saved();
    QCOMPARE(saved.size(), 2);
    compareSpec(saved.at(0), changed); // keeps its place in the list
    compareSpec(saved.at(1), local());
}

void TestConnectionStore::saveUnnamed()
{
    ConnectionStore store(m_settings.get());
    ConnectionSpec spec = Spec().host("h").port(5432).database("d").user("u");
    store.save(spec);
    store.save(spec);
    QCOMPARE(store.saved().size(), 1);
    spec.name = str("u@h:5432/d");
    compareSpec(store.saved().at(0), spec);
}

void TestConnectionStore::remove()
{
    ConnectionStore store(m_settings.get());
    store.save(prod());
    store.save(local());
    store.remove(str("Unknown"));
    QCOMPARE(store.saved().size(), 2);
    store.remove(str("Prod"));
    QCOMPARE(store.saved().size(), 1);
    compareSpec(store.saved().at(0), local());
    store.remove(str("Local"));
    QVERIFY(store.saved().isEmpty());
}

void TestConnectionStore::passwordNeverWritten()
{
    const QString password = str("Hunter2-Secret!");
    const QString keyPassword = str("KeyPass-Secret");
    ConnectionSpec spec = prod();
    spec.password = password;
    spec.options.insert(str("sslpassword"), keyPassword);
    spec.options.insert(str("password"), password); // put there by code, never by parse()
    {
        ConnectionStore store(m_settings.get());
        store.save(spec);
        store.setLast(spec);
        QVERIFY(store.saved().at(0).password.isEmpty());
        QVERIFY(store.last().password.isEmpty());
        compareSpec(store.saved().at(0), prod());
        compareSpec(store.last(), prod());
    }
    m_settings->sync();
    QCOMPARE(m_settings->status(), QSettings::NoError);

    QFile file(iniPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray content = file.readAll();
    QVERIFY(content.contains("db.example.com")); // the right file, and it was written
    QVERIFY(!content.contains(password.toUtf8()));
    QVERIFY(!content.contains(keyPassword.toUtf8()));
    QVERIFY(!content.toLower().contains("password"));
}

void TestConnectionStore::last()
{
    ConnectionStore store(m_settings.get());
    store.setLast(prod());
    compareSpec(store.last(), prod());
    QVERIFY(store.saved().isEmpty()); // recording the last one does not save it
    store.setLast(local());
    compareSpec(store.last(), local());
}

void TestConnectionStore::lastReplacesEverything()
{
    ConnectionStore store(m_settings.get());
    store.setLast(prod());
    const ConnectionSpec bare = Spec().name("Bare");
    store.setLast(bare);
    compareSpec(store.last(), bare); // no host, port or options left over from prod()
}

void TestConnectionStore::lastUnnamed()
{
    ConnectionStore store(m_settings.get());
    ConnectionSpec spec = Spec().host("/tmp/sock").database("demo").user("bob");
    store.setLast(spec);
    spec.name = str("bob@demo on /tmp/sock");
    compareSpec(store.last(), spec);
    QVERIFY(!store.last().name.isEmpty());
}

void TestConnectionStore::lastWasDemo()
{
    ConnectionStore store(m_settings.get());
    QVERIFY(!store.lastWasDemo());
    store.setLastWasDemo(true);
    QVERIFY(store.lastWasDemo());
    store.setLastWasDemo(false);
    QVERIFY(!store.lastWasDemo());

    store.setLast(prod());
    store.setLastWasDemo(true);
    QVERIFY(store.lastWasDemo());
    compareSpec(store.last(), prod()); // the real connection is still remembered
    store.setLast(local());
    QVERIFY(!store.lastWasDemo());

    store.setLastWasDemo(true);
    m_settings->sync();
    QVERIFY(ConnectionStore(openSettings().get()).lastWasDemo()); // persisted
}

void TestConnectionStore::hostileValues()
{
    const ConnectionSpec spec = Spec()
                                    .name("a/b\\c [x] = 🐘, \"q\"")
                                    .host("h1,h2")
                                    .port(65535)
                                    .database("@Variant(x) ; 'd'\n\"e\"")
                                    .user("true")
                                    .sslMode("require")
                                    .options(opts({{"application_name", "a, b, \"c\"\n\t=;"},
                                                   {"options", "@@x"},
                                                   {"service", ""},
                                                   {"connect_timeout", "5"}}));
    {
        ConnectionStore store(m_settings.get());
        store.save(spec);
        store.save(prod());
        store.setLast(spec);
    }
    m_settings.reset();
    const auto settings = openSettings();
    const ConnectionStore store(settings.get());
    QCOMPARE(store.saved().size(), 2);
    compareSpec(store.saved().at(0), spec);
    compareSpec(store.saved().at(1), prod());
    compareSpec(store.last(), spec);
}

void TestConnectionStore::corruptFile()
{
    m_settings->setValue(QStringLiteral("connections/saved/size"), 2);
    m_settings->setValue(QStringLiteral("connections/saved/1/name"), str("Odd"));
    m_settings->setValue(QStringLiteral("connections/saved/1/port"), str("abc"));
    m_settings->setValue(QStringLiteral("connections/saved/2/name"), str("Odd"));
    m_settings->setValue(QStringLiteral("connections/saved/2/port"), 70000);
    ConnectionStore store(m_settings.get());
    const QList<ConnectionSpec> saved = store.saved();
    QCOMPARE(saved.size(), 2);
    QCOMPARE(saved.at(0).port, -1);
    QCOMPARE(saved.at(1).port, -1);

    store.save(Spec().name("Odd").host("h"));
    QCOMPARE(store.saved().size(), 1); // the duplicate left by hand-editing is gone
    QCOMPARE(store.saved().at(0).host, str("h"));
}

void TestConnectionStore::defaultSettings()
{
    QVERIFY(QSettings().fileName().startsWith(m_dir.path()));
    {
        ConnectionStore store;
        store.save(prod());
        store.setLastWasDemo(true);
    }
    QSettings settings;
    QCOMPARE(settings.value(QStringLiteral("connections/saved/size")).toInt(), 1);
    const ConnectionStore store(&settings);
    compareSpec(store.saved().at(0), prod());
    QVERIFY(store.lastWasDemo());
}

QTEST_GUILESS_MAIN(TestConnectionStore)
#include "tst_connectionstore.moc"
