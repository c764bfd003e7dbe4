// Saved passwords in the OS keychain, end to end: the connection dialog, the controller and a
// real Secret Service (gnome-keyring on a private D-Bus session that this test starts itself),
// against a PostgreSQL role that needs its password. Run again with no D-Bus session at all
// (DBX_TEST_KEYCHAIN=none): the user is told plainly and nothing is written anywhere.
#include "childprocess.h"
#include "migrations/demoschema.h"
#include "model/connection/connectionstore.h"
#include "model/db/database.h"
#include "model/server/demoserver.h"
#include "testcluster.h"
#include "ui/connection/connectioncontroller.h"
#include "ui/connection/connectiondialog.h"
#include "ui/connection/passwordstore.h"

#include <QApplication>
#include <QCheckBox>
#include <QDirIterator>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include <unistd.h>

using namespace dbx;

namespace {

const QString role = QStringLiteral("dbx_keyuser");
const QString connectionName = QStringLiteral("keyed");
const QString firstPassword = QStringLiteral("Kc-first-7f3a91");
const QString secondPassword = QStringLiteral("Kc-second-2b8e44");
constexpr int keychainTimeout = 20000;

// The role logs in over the cluster's socket with scram-sha-256, whatever the fixture's trust
// lines say after it: the first matching pg_hba.conf line wins.
bool preparePasswordRole(QString *error)
{
    auto &cluster = test::TestCluster::instance();
    if (!cluster.exec(QStringLiteral("postgres"),
                      QStringLiteral("DROP ROLE IF EXISTS %1; CREATE ROLE %1 LOGIN PASSWORD '%2'")
                          .arg(role, firstPassword),
                      error))
        return false;
    QSqlDatabase db = cluster.openDirect();
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SHOW hba_file")) || !query.next()) {
        *error = QStringLiteral("SHOW hba_file failed");
        return false;
    }
    QFile hba(query.value(0).toString());
    if (!hba.open(QIODevice::ReadOnly)) {
        *error = hba.errorString();
        return false;
    }
    const QByteArray rules = hba.readAll();
    hba.close();
    if (!hba.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        *error = hba.errorString();
        return false;
    }
    hba.write("local all " + role.toUtf8() + " scram-sha-256\n" + rules);
    hba.close();
    return cluster.exec(QStringLiteral("postgres"), QStringLiteral("SELECT pg_reload_conf()"),
                        error);
}

// One run of the application: what main() builds, on a settings file that outlives it, so a
// second Session is the application after a restart (its keychain cache empty again).
struct Session {
    explicit Session(const QString &settingsFile)
        : settings(settingsFile, QSettings::IniFormat)
        , store(&settings)
    {
        model::LocalServer::Config unused;
        unused.rootDir = QFileInfo(settingsFile).absolutePath() + QStringLiteral("/no-demo");
        demo = std::make_unique<model::DemoServer>(unused, migrations::installDemoSchema);
        controller = std::make_unique<ui::ConnectionController>(&database, demo.get(), &store);
    }

    // The controller's dialog has no parent here (no main window): it goes with its session.
    ~Session()
    {
        // Deleting one top-level window may delete others it owns: each is looked at when
        // its turn comes, not from a list taken before.
        QList<QPointer<QWidget>> windows;
        for (QWidget *widget : QApplication::topLevelWidgets())
            windows << widget;
        for (const QPointer<QWidget> &widget : windows) {
            if (widget && qobject_cast<ui::ConnectionDialog *>(widget.data()))
                delete widget.data();
        }
    }

    ui::ConnectionDialog *dialog() const
    {
        for (QWidget *widget : QApplication::topLevelWidgets()) {
            if (auto *d = qobject_cast<ui::ConnectionDialog *>(widget); d && d->isVisible())
                return d;
        }
        return nullptr;
    }

    QSettings settings;
    model::ConnectionStore store;
    model::Database database;
    std::unique_ptr<model::DemoServer> demo;
    std::unique_ptr<ui::ConnectionController> controller;
};

template <typename T> T *child(QWidget *dialog, const char *name)
{
    return dialog->findChild<T *>(QLatin1String(name));
}

// Fills the dialog's form for the password role and presses Connect with "Save password" set.
void connectThroughDialog(ui::ConnectionDialog *dialog, const QString &password)
{
    const auto &cluster = test::TestCluster::instance();
    child<QLineEdit>(dialog, "nameEdit")->setText(connectionName);
    child<QLineEdit>(dialog, "hostEdit")->setText(cluster.socketDir());
    child<QSpinBox>(dialog, "portSpin")->setValue(cluster.port());
    child<QLineEdit>(dialog, "databaseEdit")->setText(QStringLiteral("postgres"));
    child<QLineEdit>(dialog, "userEdit")->setText(role);
    child<QLineEdit>(dialog, "passwordEdit")->setText(password);
    child<QCheckBox>(dialog, "savePasswordBox")->setChecked(true);
    QTest::mouseClick(child<QPushButton>(dialog, "connectButton"), Qt::LeftButton);
}

// Every file under `dir` that holds `secret` in clear.
QStringList filesContaining(const QString &dir, const QString &secret)
{
    QStringList hits;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(secret.toUtf8()))
            hits << file.fileName();
    }
    return hits;
}

} // namespace

class KeyringTest : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString settingsFile() const { return m_dir.filePath(QStringLiteral("settings.ini")); }
    QString keychainHas(const QString &name);

private slots:
    void initTestCase();
    void savedPasswordIsNotAskedAgainAfterRestart();
    void refusedPasswordIsAskedAgainAndReplaced();
    void deletingTheConnectionForgetsThePassword();
    void uncheckingTheBoxForgetsThePassword();
};

void KeyringTest::initTestCase()
{
    QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"),
             "the test did not start its private D-Bus session");
    DBX_REQUIRE_CLUSTER();
    QString error;
    QVERIFY2(preparePasswordRole(&error), qPrintable(error));
}

void KeyringTest::savedPasswordIsNotAskedAgainAfterRestart()
{
    {
        Session first(settingsFile());
        QSignalSpy connected(&first.database, &model::Database::connected);
        QSignalSpy saved(first.controller.get(), &ui::ConnectionController::passwordSaved);
        QSignalSpy notSaved(first.controller.get(), &ui::ConnectionController::passwordNotSaved);
        first.controller->showDialog();
        QVERIFY(first.dialog());
        connectThroughDialog(first.dialog(), firstPassword);
        QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, keychainTimeout);
        QTRY_COMPARE_WITH_TIMEOUT(saved.count() + notSaved.count(), 1, keychainTimeout);
        QVERIFY2(notSaved.isEmpty(),
                 notSaved.isEmpty() ? "" : qPrintable(notSaved.first().first().toString()));
        QCOMPARE(saved.first().first().toString(), connectionName);
    }
    // The entry is in the Secret Service itself, not only in the session's cache.
    const test::ChildRun lookup = test::runChild(
        QStringLiteral("secret-tool"),
        {QStringLiteral("lookup"), QStringLiteral("user"), connectionName, QStringLiteral("server"),
         QString::fromLatin1(ui::PasswordStore::defaultService)},
        QProcessEnvironment::systemEnvironment());
    QCOMPARE(lookup.out.trimmed(), firstPassword);
    QVERIFY(filesContaining(m_dir.path(), firstPassword).isEmpty());

    Session restarted(settingsFile());
    QSignalSpy connected(&restarted.database, &model::Database::connected);
    QSignalSpy failed(restarted.controller.get(), &ui::ConnectionController::failed);
    const model::ConnectionSpec last = restarted.store.last();
    QCOMPARE(last.name, connectionName);
    QVERIFY(last.password.isEmpty());
    restarted.controller->connectTo(last, true); // what the launcher does at start-up
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, keychainTimeout);
    QVERIFY(failed.isEmpty());
    QVERIFY(!restarted.dialog());
}

void KeyringTest::refusedPasswordIsAskedAgainAndReplaced()
{
    auto &cluster = test::TestCluster::instance();
    QVERIFY(cluster.exec(QStringLiteral("postgres"),
                         QStringLiteral("ALTER ROLE %1 PASSWORD '%2'").arg(role, secondPassword)));
    {
        Session stale(settingsFile());
        QSignalSpy connected(&stale.database, &model::Database::connected);
        QSignalSpy saved(stale.controller.get(), &ui::ConnectionController::passwordSaved);
        stale.controller->connectTo(stale.store.last(), true);
        QTRY_VERIFY_WITH_TIMEOUT(stale.dialog(), keychainTimeout);
        ui::ConnectionDialog *dialog = stale.dialog();
        QVERIFY(child<QLabel>(dialog, "errorLabel")->text().contains(QLatin1String("keychain")));
        QVERIFY(child<QLineEdit>(dialog, "passwordEdit")->text().isEmpty());
        QVERIFY(child<QCheckBox>(dialog, "savePasswordBox")->isChecked());
        child<QLineEdit>(dialog, "passwordEdit")->setText(secondPassword);
        QTest::mouseClick(child<QPushButton>(dialog, "connectButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, keychainTimeout);
        QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, keychainTimeout);
    }
    Session restarted(settingsFile());
    QSignalSpy connected(&restarted.database, &model::Database::connected);
    restarted.controller->connectTo(restarted.store.last(), true);
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, keychainTimeout);
    QVERIFY(!restarted.dialog());
}

void KeyringTest::deletingTheConnectionForgetsThePassword()
{
    {
        Session session(settingsFile());
        session.controller->showDialog();
        ui::ConnectionDialog *dialog = session.dialog();
        QVERIFY(dialog);
        auto *list = child<QListWidget>(dialog, "savedList");
        const QList<QListWidgetItem *> items = list->findItems(connectionName, Qt::MatchExactly);
        QCOMPARE(items.size(), 1);
        list->setCurrentItem(nullptr);
        list->setCurrentItem(items.first());
        // Picking the saved connection fills in its password from the keychain.
        QTRY_COMPARE_WITH_TIMEOUT(child<QLineEdit>(dialog, "passwordEdit")->text(), secondPassword,
                                  keychainTimeout);
        QVERIFY(child<QCheckBox>(dialog, "savePasswordBox")->isChecked());
        QSignalSpy forgotten(session.controller.get(),
                             &ui::ConnectionController::passwordForgotten);
        QTest::mouseClick(child<QPushButton>(dialog, "deleteButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(forgotten.count(), 1, keychainTimeout);
    }
    QCOMPARE(keychainHas(connectionName), QStringLiteral("none"));
}

void KeyringTest::uncheckingTheBoxForgetsThePassword()
{
    {
        Session session(settingsFile());
        QSignalSpy saved(session.controller.get(), &ui::ConnectionController::passwordSaved);
        session.controller->showDialog();
        QVERIFY(session.dialog());
        connectThroughDialog(session.dialog(), secondPassword);
        QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, keychainTimeout);
    }
    QCOMPARE(keychainHas(connectionName), QStringLiteral("saved"));
    {
        // Another failure puts the keychain's password back in the form, still to be kept.
        Session failing(settingsFile());
        model::ConnectionSpec spec = failing.store.last();
        spec.database = QStringLiteral("dbx_no_such_database");
        failing.controller->connectTo(spec, true);
        QTRY_VERIFY_WITH_TIMEOUT(failing.dialog(), keychainTimeout);
        QCOMPARE(child<QLineEdit>(failing.dialog(), "passwordEdit")->text(), secondPassword);
        QVERIFY(child<QCheckBox>(failing.dialog(), "savePasswordBox")->isChecked());
    }
    Session session(settingsFile());
    QSignalSpy connected(&session.database, &model::Database::connected);
    QSignalSpy forgotten(session.controller.get(), &ui::ConnectionController::passwordForgotten);
    session.controller->showDialog();
    ui::ConnectionDialog *dialog = session.dialog();
    QVERIFY(dialog);
    // The dialog opens on the last connection and fills in its saved password.
    QTRY_COMPARE_WITH_TIMEOUT(child<QLineEdit>(dialog, "passwordEdit")->text(), secondPassword,
                              keychainTimeout);
    QVERIFY(child<QCheckBox>(dialog, "savePasswordBox")->isChecked());
    child<QCheckBox>(dialog, "savePasswordBox")->setChecked(false);
    QTest::mouseClick(child<QPushButton>(dialog, "connectButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, keychainTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(forgotten.count(), 1, keychainTimeout);
    QCOMPARE(keychainHas(connectionName), QStringLiteral("none"));
}

// Asks the Secret Service afresh, with an empty cache, as a restarted application would.
// "saved", "none", or why the keychain did not answer.
QString KeyringTest::keychainHas(const QString &name)
{
    ui::PasswordStore fresh;
    bool answered = false;
    ui::PasswordStore::Answer answer;
    fresh.read(name, this, [&](const ui::PasswordStore::Answer &a) {
        answer = a;
        answered = true;
    });
    if (!QTest::qWaitFor([&] { return answered; }, keychainTimeout))
        return QStringLiteral("no answer in time");
    if (!answer.ok)
        return answer.error;
    return answer.password ? QStringLiteral("saved") : QStringLiteral("none");
}

class NoKeychainTest : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        QVERIFY(qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"));
        DBX_REQUIRE_CLUSTER();
        QString error;
        QVERIFY2(preparePasswordRole(&error), qPrintable(error));
    }

    void passwordIsNotSavedAndTheUserIsTold()
    {
        Session session(m_dir.filePath(QStringLiteral("settings.ini")));
        QSignalSpy connected(&session.database, &model::Database::connected);
        QSignalSpy saved(session.controller.get(), &ui::ConnectionController::passwordSaved);
        QSignalSpy notSaved(session.controller.get(), &ui::ConnectionController::passwordNotSaved);
        session.controller->showDialog();
        QVERIFY(session.dialog());
        connectThroughDialog(session.dialog(), firstPassword);
        QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, keychainTimeout);
        QTRY_COMPARE_WITH_TIMEOUT(notSaved.count(), 1, keychainTimeout);
        QVERIFY(saved.isEmpty());
        const QString message = notSaved.first().first().toString();
        QVERIFY2(message.startsWith(QLatin1String("No keychain answered (")), qPrintable(message));
        QVERIFY(message.endsWith(QLatin1String("): the password was not saved.")));
        qInfo("%s", qPrintable(message));
        auto *box = qApp->findChild<QMessageBox *>(QStringLiteral("keychainNotice"));
        if (!box) {
            for (QWidget *w : QApplication::topLevelWidgets())
                if (w->objectName() == QLatin1String("keychainNotice"))
                    box = qobject_cast<QMessageBox *>(w);
        }
        QVERIFY(box);
        QCOMPARE(box->text(), message);
        session.settings.sync();
        const QStringList hits = filesContaining(QDir::homePath(), firstPassword) +
                                 filesContaining(m_dir.path(), firstPassword);
        QVERIFY2(hits.isEmpty(), qPrintable(hits.join(QLatin1Char(' '))));
    }

    // A saved connection without a keychain still finds its password where libpq looks.
    void pgpassKeepsWorking()
    {
        const auto &cluster = test::TestCluster::instance();
        const QString pgpass = m_dir.filePath(QStringLiteral("pgpass"));
        QFile file(pgpass);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QStringLiteral("*:*:*:%1:%2\n").arg(role, firstPassword).toUtf8());
        file.close();
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        qputenv("PGPASSFILE", pgpass.toLocal8Bit());
        Session session(m_dir.filePath(QStringLiteral("settings.ini")));
        model::ConnectionSpec spec = session.store.last();
        QCOMPARE(spec.name, connectionName);
        QVERIFY(spec.password.isEmpty());
        QCOMPARE(spec.host, cluster.socketDir());
        QSignalSpy connected(&session.database, &model::Database::connected);
        session.controller->connectTo(spec, true);
        QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, keychainTimeout);
        qunsetenv("PGPASSFILE");
    }
};

// Without DBX_TEST_KEYCHAIN the test runs itself again inside a private D-Bus session with an
// unlocked gnome-keyring, in a throw-away HOME so the user's own keyring is never touched.
static int rerunUnderKeyring(char **argv)
{
    char homeTemplate[] = "/tmp/dbx-keychain-XXXXXX";
    const char *home = ::mkdtemp(homeTemplate);
    if (!home) {
        perror("tst_keychain: mkdtemp");
        return 1;
    }
    const QByteArray runtime = QByteArray(home) + "/run";
    QDir().mkpath(QString::fromLocal8Bit(runtime));
    QFile::setPermissions(QString::fromLocal8Bit(runtime),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    ::setenv("HOME", home, 1);
    ::setenv("XDG_DATA_HOME", (QByteArray(home) + "/data").constData(), 1);
    ::setenv("XDG_CONFIG_HOME", (QByteArray(home) + "/config").constData(), 1);
    ::setenv("XDG_RUNTIME_DIR", runtime.constData(), 1);
    ::setenv("DBX_TEST_KEYCHAIN", "keyring", 1);
    ::unsetenv("XDG_CURRENT_DESKTOP");
    const char *script =
        "echo -n dbx-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null "
        "|| { echo 'tst_keychain: gnome-keyring-daemon did not start' >&2; exit 97; }; "
        "\"$@\"; rc=$?; rm -rf \"$HOME\"; exit $rc";
    std::vector<char *> args = {const_cast<char *>("dbus-run-session"),
                                const_cast<char *>("--"),
                                const_cast<char *>("sh"),
                                const_cast<char *>("-c"),
                                const_cast<char *>(script),
                                const_cast<char *>("sh")};
    for (char **arg = argv; *arg; ++arg)
        args.push_back(*arg);
    args.push_back(nullptr);
    ::execvp("dbus-run-session", args.data());
    perror("tst_keychain: cannot run dbus-run-session");
    return 1;
}

int main(int argc, char **argv)
{
    const QByteArray mode = qgetenv("DBX_TEST_KEYCHAIN");
    if (mode.isEmpty())
        return rerunUnderKeyring(argv);
    QTemporaryDir home;
    if (mode == "none") {
        // No session bus, no display to autolaunch one from, and a HOME to search afterwards.
        ::unsetenv("DBUS_SESSION_BUS_ADDRESS");
        ::unsetenv("DISPLAY");
        ::unsetenv("XDG_CURRENT_DESKTOP");
        ::setenv("HOME", home.path().toLocal8Bit().constData(), 1);
        ::setenv("XDG_DATA_HOME", (home.path() + QStringLiteral("/data")).toLocal8Bit(), 1);
        ::setenv("XDG_CONFIG_HOME", (home.path() + QStringLiteral("/config")).toLocal8Bit(), 1);
        ::setenv("XDG_RUNTIME_DIR", home.path().toLocal8Bit().constData(), 1);
    }
    QApplication app(argc, argv);
    if (mode == "none") {
        NoKeychainTest test;
        return QTest::qExec(&test, argc, argv);
    }
    KeyringTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_keychain.moc"
