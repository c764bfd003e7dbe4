#include "model/connection/connectionstore.h"
#include "ui/connection/connectiondialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using dbx::model::ConnectionSpec;
using dbx::model::ConnectionStore;
using dbx::model::DbError;
using dbx::ui::ConnectionDialog;

namespace dbx::model {
// Lets QCOMPARE print both sides of a failed comparison.
char *toString(const ConnectionSpec &spec)
{
    const QString text = QStringLiteral("name=%1 %2 options=%3")
                             .arg(spec.name, spec.toKeywordString(true))
                             .arg(spec.options.size());
    return qstrdup(text.toUtf8().constData());
}
} // namespace dbx::model

namespace {

const QString sqlAlchemyUrl =
    QStringLiteral("postgresql+asyncpg://bob:s3cr%40t@db.example.com:6543/"
                   "shop?sslmode=require&application_name=x");

// A dialog on a store backed by its own ini file, shown and active so focus and visibility
// behave as they do for the user.
class Harness {
public:
    Harness()
        : settings(dir.filePath(QStringLiteral("connections.ini")), QSettings::IniFormat)
        , store(&settings)
    {}

    void open()
    {
        dialog = std::make_unique<ConnectionDialog>(&store);
        dialog->show();
        dialog->activateWindow();
    }

    template <typename T> T *child(const char *name) const
    {
        return dialog->findChild<T *>(QLatin1String(name));
    }

    QLineEdit *edit(const char *name) const { return child<QLineEdit>(name); }
    QPushButton *button(const char *name) const { return child<QPushButton>(name); }
    QSpinBox *port() const { return child<QSpinBox>("portSpin"); }
    QComboBox *sslMode() const { return child<QComboBox>("sslModeCombo"); }
    QListWidget *list() const { return child<QListWidget>("savedList"); }
    QLabel *label(const char *name) const { return child<QLabel>(name); }

    void type(const char *name, const QString &text) const
    {
        QLineEdit *target = edit(name);
        target->selectAll();
        QTest::keyClicks(target, text);
    }

    void clickItem(int row) const
    {
        QListWidgetItem *item = list()->item(row);
        QTest::mouseClick(list()->viewport(), Qt::LeftButton, {},
                          list()->visualItemRect(item).center());
    }

    QByteArray iniContents()
    {
        settings.sync();
        QFile file(settings.fileName());
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    QTemporaryDir dir;
    QSettings settings;
    ConnectionStore store;
    std::unique_ptr<ConnectionDialog> dialog;
};

ConnectionSpec typedSpec()
{
    ConnectionSpec spec;
    spec.name = QStringLiteral("local dev");
    spec.host = QStringLiteral("localhost");
    spec.port = 5433;
    spec.database = QStringLiteral("demo");
    spec.user = QStringLiteral("alice");
    spec.password = QStringLiteral("p w!");
    spec.sslMode = QStringLiteral("verify-full");
    return spec;
}

} // namespace

class TestConnectionDialog : public QObject {
    Q_OBJECT
private slots:
    void everyWidgetIsThere();
    void pastesSqlAlchemyUrl();
    void returnInUrlFieldFillsTheFormOnly();
    void leavingUrlFieldAppliesIt();
    void garbageUrlKeepsTheForm();
    void typedFormGivesSpec();
    void portRejectsOutOfRange();
    void hostWithSpacesIsRefused();
    void enterConnects();
    void savesWithoutPasswordSelectsAndDeletes();
    void savesUnnamedUnderItsDisplayName();
    void savedOptionsSurvive();
    void startsFromSavedAndLast();
    void demoButtonRequestsDemo();
    void showErrorShowsText();
    void showErrorFocusesTheField();
    void tabReachesEveryWidget();
    void labelsHaveBuddiesAndUniqueMnemonics();
};

void TestConnectionDialog::everyWidgetIsThere()
{
    Harness h;
    h.open();
    QCOMPARE(h.dialog->windowTitle(), QStringLiteral("Connect to PostgreSQL"));
    for (const char *name :
         {"urlEdit", "nameEdit", "hostEdit", "databaseEdit", "userEdit", "passwordEdit"})
        QVERIFY2(h.edit(name), name);
    for (const char *name :
         {"saveButton", "deleteButton", "applyUrlButton", "connectButton", "demoButton"})
        QVERIFY2(h.button(name), name);
    QVERIFY(h.port());
    QVERIFY(h.sslMode());
    QVERIFY(h.list());
    QVERIFY(h.label("errorLabel"));
    QVERIFY(h.label("optionsLabel"));
    QCOMPARE(h.edit("passwordEdit")->echoMode(), QLineEdit::Password);
    QCOMPARE(h.edit("hostEdit")->placeholderText(), QStringLiteral("local socket or PGHOST"));
    QCOMPARE(h.port()->minimum(), 0);
    QCOMPARE(h.port()->maximum(), 65535);
    QCOMPARE(h.port()->text(), QStringLiteral("default"));
    QCOMPARE(h.sslMode()->count(), 7);
    QCOMPARE(h.sslMode()->itemText(0), QStringLiteral("libpq default"));
    QCOMPARE(h.sslMode()->itemText(6), QStringLiteral("verify-full"));
    QVERIFY(h.button("connectButton")->isDefault());
    QVERIFY(!h.label("errorLabel")->isVisible());
    QVERIFY(!h.label("optionsLabel")->isVisible());
    const QLabel *hint = h.label("passwordHint");
    QVERIFY(hint && hint->isVisible());
    QCOMPARE(hint->text(),
             QStringLiteral(
                 "Without a saved password you are asked each time, or libpq reads ~/.pgpass."));
    // Without a keychain to put it in, the dialog offers no "Save password".
    auto *savePassword = h.dialog->findChild<QCheckBox *>(QStringLiteral("savePasswordBox"));
    QVERIFY(savePassword && !savePassword->isVisible());
    QVERIFY(!h.dialog->savePassword());
    QCOMPARE(h.dialog->spec(), ConnectionSpec());
}

void TestConnectionDialog::pastesSqlAlchemyUrl()
{
    Harness h;
    h.open();
    QTest::keyClicks(h.edit("urlEdit"), sqlAlchemyUrl);
    QTest::mouseClick(h.button("applyUrlButton"), Qt::LeftButton);

    QCOMPARE(h.edit("nameEdit")->text(), QString());
    QCOMPARE(h.edit("hostEdit")->text(), QStringLiteral("db.example.com"));
    QCOMPARE(h.port()->value(), 6543);
    QCOMPARE(h.port()->text(), QStringLiteral("6543"));
    QCOMPARE(h.edit("databaseEdit")->text(), QStringLiteral("shop"));
    QCOMPARE(h.edit("userEdit")->text(), QStringLiteral("bob"));
    QCOMPARE(h.edit("passwordEdit")->text(), QStringLiteral("s3cr@t"));
    QCOMPARE(h.sslMode()->currentText(), QStringLiteral("require"));
    QVERIFY(!h.label("errorLabel")->isVisible());
    QVERIFY(h.label("optionsLabel")->isVisible());
    QCOMPARE(h.label("optionsLabel")->text(), QStringLiteral("application_name=x"));
    // Applied URLs leave the field, so the password is not left on screen in clear text.
    QCOMPARE(h.edit("urlEdit")->text(), QString());

    ConnectionSpec expected;
    expected.host = QStringLiteral("db.example.com");
    expected.port = 6543;
    expected.database = QStringLiteral("shop");
    expected.user = QStringLiteral("bob");
    expected.password = QStringLiteral("s3cr@t");
    expected.sslMode = QStringLiteral("require");
    expected.options.insert(QStringLiteral("application_name"), QStringLiteral("x"));
    QCOMPARE(h.dialog->spec(), expected);

    // Editing a field afterwards keeps the options that have no field.
    h.type("databaseEdit", QStringLiteral("shop2"));
    QCOMPARE(h.dialog->spec().database, QStringLiteral("shop2"));
    QCOMPARE(h.dialog->spec().options, expected.options);
}

void TestConnectionDialog::returnInUrlFieldFillsTheFormOnly()
{
    Harness h;
    h.open();
    QVERIFY(QTest::qWaitForWindowActive(h.dialog.get()));
    QSignalSpy accepted(h.dialog.get(), &QDialog::accepted);
    QTest::keyClicks(h.edit("urlEdit"), QStringLiteral("host=h1 dbname=d1 user=u1"));
    QTest::keyClick(h.edit("urlEdit"), Qt::Key_Return);
    QCOMPARE(accepted.count(), 0);
    QVERIFY(h.dialog->isVisible());
    QCOMPARE(h.edit("hostEdit")->text(), QStringLiteral("h1"));
    QCOMPARE(h.edit("databaseEdit")->text(), QStringLiteral("d1"));
    QCOMPARE(h.edit("userEdit")->text(), QStringLiteral("u1"));
    // Next comes the password, and then Enter connects.
    QVERIFY(h.edit("passwordEdit")->hasFocus());
    QTest::keyClicks(h.edit("passwordEdit"), QStringLiteral("pw"));
    QTest::keyClick(h.edit("passwordEdit"), Qt::Key_Return);
    QCOMPARE(accepted.count(), 1);
    QCOMPARE(h.dialog->spec().password, QStringLiteral("pw"));
}

void TestConnectionDialog::leavingUrlFieldAppliesIt()
{
    Harness h;
    h.open();
    QVERIFY(QTest::qWaitForWindowActive(h.dialog.get()));
    QLineEdit *url = h.edit("urlEdit");
    url->setFocus();
    QTest::keyClicks(url, QStringLiteral("postgresql://carol@pg.example.org/sales"));

    // Switching to another window (say, to copy the password) leaves the URL alone.
    QFocusEvent toOtherWindow(QEvent::FocusOut, Qt::ActiveWindowFocusReason);
    QApplication::sendEvent(url, &toOtherWindow);
    QCOMPARE(h.edit("hostEdit")->text(), QString());
    QCOMPARE(url->text(), QStringLiteral("postgresql://carol@pg.example.org/sales"));

    QTest::keyClick(url, Qt::Key_Tab);
    QCOMPARE(h.edit("hostEdit")->text(), QStringLiteral("pg.example.org"));
    QCOMPARE(h.edit("userEdit")->text(), QStringLiteral("carol"));
    QCOMPARE(h.edit("databaseEdit")->text(), QStringLiteral("sales"));
    QCOMPARE(url->text(), QString());
    QVERIFY(!h.label("errorLabel")->isVisible());
}

void TestConnectionDialog::garbageUrlKeepsTheForm()
{
    Harness h;
    h.open();
    QSignalSpy accepted(h.dialog.get(), &QDialog::accepted);
    h.dialog->setSpec(typedSpec());
    QTest::keyClicks(h.edit("urlEdit"), QStringLiteral("mysql://x"));
    QTest::mouseClick(h.button("applyUrlButton"), Qt::LeftButton);

    const QLabel *error = h.label("errorLabel");
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QLatin1String("mysql")), qPrintable(error->text()));
    QVERIFY2(error->text().contains(QLatin1String("scheme")), qPrintable(error->text()));
    QCOMPARE(h.dialog->spec(), typedSpec());
    QCOMPARE(h.edit("urlEdit")->text(), QStringLiteral("mysql://x"));

    // Connect does not skip the broken URL in favour of the old form.
    QTest::mouseClick(h.button("connectButton"), Qt::LeftButton);
    QCOMPARE(accepted.count(), 0);
    QVERIFY(error->isVisible());

    h.edit("urlEdit")->clear();
    QTest::mouseClick(h.button("connectButton"), Qt::LeftButton);
    QCOMPARE(accepted.count(), 1);
    QCOMPARE(h.dialog->result(), int(QDialog::Accepted));
    QVERIFY(!error->isVisible());
    QCOMPARE(h.dialog->spec(), typedSpec());
}

void TestConnectionDialog::typedFormGivesSpec()
{
    Harness h;
    h.open();
    QVERIFY(QTest::qWaitForWindowActive(h.dialog.get()));
    QTest::keyClicks(h.edit("nameEdit"), QStringLiteral("local dev"));
    QTest::keyClicks(h.edit("hostEdit"), QStringLiteral("localhost"));
    h.port()->setFocus();
    QTest::keyClick(h.port(), Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(h.port(), QStringLiteral("5433"));
    QTest::keyClicks(h.edit("databaseEdit"), QStringLiteral("demo"));
    QTest::keyClicks(h.edit("userEdit"), QStringLiteral("alice"));
    QTest::keyClicks(h.edit("passwordEdit"), QStringLiteral("p w!"));
    QTest::keyClick(h.sslMode(), Qt::Key_End);
    QCOMPARE(h.sslMode()->currentText(), QStringLiteral("verify-full"));
    QCOMPARE(h.dialog->spec(), typedSpec());

    // Back to "default" on 0, which means "let libpq decide".
    QTest::keyClick(h.port(), Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(h.port(), QStringLiteral("0"));
    QCOMPARE(h.dialog->spec().port, -1);
    QTest::keyClick(h.sslMode(), Qt::Key_Home);
    QCOMPARE(h.dialog->spec().sslMode, QString());
}

void TestConnectionDialog::portRejectsOutOfRange()
{
    Harness h;
    h.open();
    QVERIFY(QTest::qWaitForWindowActive(h.dialog.get()));
    h.port()->setFocus();
    QTest::keyClick(h.port(), Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(h.port(), QStringLiteral("70000"));
    QCOMPARE(h.port()->text(), QStringLiteral("7000"));
    QCOMPARE(h.dialog->spec().port, 7000);
    QTest::keyClick(h.port(), Qt::Key_A, Qt::ControlModifier);
    // Neither a sign nor letters get in.
    QTest::keyClicks(h.port(), QStringLiteral("-5x"));
    QCOMPARE(h.port()->text(), QStringLiteral("5"));
    QCOMPARE(h.dialog->spec().port, 5);
}

void TestConnectionDialog::hostWithSpacesIsRefused()
{
    Harness h;
    h.open();
    QSignalSpy accepted(h.dialog.get(), &QDialog::accepted);
    QTest::keyClicks(h.edit("hostEdit"), QStringLiteral("db host"));
    QTest::mouseClick(h.button("connectButton"), Qt::LeftButton);
    QCOMPARE(accepted.count(), 0);
    QVERIFY(h.dialog->isVisible());
    QVERIFY(h.label("errorLabel")->isVisible());
    QVERIFY2(h.label("errorLabel")->text().contains(QLatin1String("spaces")),
             qPrintable(h.label("errorLabel")->text()));

    // Saving is refused for the same reason.
    h.type("nameEdit", QStringLiteral("broken"));
    QTest::mouseClick(h.button("saveButton"), Qt::LeftButton);
    QCOMPARE(h.store.saved().size(), 0);

    // Surrounding blanks from a paste are not "spaces in the host".
    h.type("hostEdit", QStringLiteral(" db.example.com "));
    QTest::mouseClick(h.button("connectButton"), Qt::LeftButton);
    QCOMPARE(accepted.count(), 1);
    QCOMPARE(h.dialog->spec().host, QStringLiteral("db.example.com"));

    // A socket directory is a path, and paths may contain spaces.
    h.dialog->show();
    h.type("hostEdit", QStringLiteral("/run/my sockets"));
    QTest::mouseClick(h.button("connectButton"), Qt::LeftButton);
    QCOMPARE(accepted.count(), 2);
    QCOMPARE(h.dialog->spec().host, QStringLiteral("/run/my sockets"));
}

void TestConnectionDialog::enterConnects()
{
    Harness h;
    h.open();
    QVERIFY(QTest::qWaitForWindowActive(h.dialog.get()));
    QSignalSpy accepted(h.dialog.get(), &QDialog::accepted);
    h.edit("hostEdit")->setFocus();
    QTest::keyClicks(h.edit("hostEdit"), QStringLiteral("pg.internal"));
    QTest::keyClick(h.edit("hostEdit"), Qt::Key_Return);
    QCOMPARE(accepted.count(), 1);
    QCOMPARE(h.dialog->result(), int(QDialog::Accepted));
    QCOMPARE(h.dialog->spec().host, QStringLiteral("pg.internal"));
}

void TestConnectionDialog::savesWithoutPasswordSelectsAndDeletes()
{
    Harness h;
    h.open();
    QTest::keyClicks(h.edit("nameEdit"), QStringLiteral("mine"));
    QTest::keyClicks(h.edit("hostEdit"), QStringLiteral("db.local"));
    QTest::keyClicks(h.edit("databaseEdit"), QStringLiteral("app"));
    QTest::keyClicks(h.edit("userEdit"), QStringLiteral("me"));
    QTest::keyClicks(h.edit("passwordEdit"), QStringLiteral("topsecret-42"));
    QTest::mouseClick(h.button("saveButton"), Qt::LeftButton);

    QCOMPARE(h.list()->count(), 1);
    QCOMPARE(h.list()->item(0)->text(), QStringLiteral("mine"));
    QCOMPARE(h.list()->currentRow(), 0);
    QVERIFY(h.button("deleteButton")->isEnabled());
    // Saving keeps the typed password in the form for this session.
    QCOMPARE(h.edit("passwordEdit")->text(), QStringLiteral("topsecret-42"));

    const QList<ConnectionSpec> saved = h.store.saved();
    QCOMPARE(saved.size(), 1);
    QCOMPARE(saved.first().name, QStringLiteral("mine"));
    QCOMPARE(saved.first().host, QStringLiteral("db.local"));
    QCOMPARE(saved.first().password, QString());
    const QByteArray ini = h.iniContents();
    QVERIFY2(ini.contains("db.local"), ini.constData());
    QVERIFY2(!ini.contains("topsecret"), ini.constData());
    QVERIFY2(!ini.toLower().contains("password"), ini.constData());

    h.dialog->setSpec({});
    QCOMPARE(h.list()->currentItem(), nullptr);
    QVERIFY(!h.button("deleteButton")->isEnabled());
    QCOMPARE(h.edit("hostEdit")->text(), QString());
    h.clickItem(0);
    QCOMPARE(h.edit("nameEdit")->text(), QStringLiteral("mine"));
    QCOMPARE(h.edit("hostEdit")->text(), QStringLiteral("db.local"));
    QCOMPARE(h.port()->value(), 0);
    QCOMPARE(h.edit("databaseEdit")->text(), QStringLiteral("app"));
    QCOMPARE(h.edit("userEdit")->text(), QStringLiteral("me"));
    QCOMPARE(h.edit("passwordEdit")->text(), QString());
    QCOMPARE(h.sslMode()->currentIndex(), 0);

    QTest::mouseClick(h.button("deleteButton"), Qt::LeftButton);
    QCOMPARE(h.list()->count(), 0);
    QCOMPARE(h.store.saved().size(), 0);
    QVERIFY(!h.button("deleteButton")->isEnabled());
    // The form keeps the values, so Save brings the entry back.
    QCOMPARE(h.edit("nameEdit")->text(), QStringLiteral("mine"));
}

void TestConnectionDialog::savesUnnamedUnderItsDisplayName()
{
    Harness h;
    h.open();
    QTest::keyClicks(h.edit("hostEdit"), QStringLiteral("db.local"));
    QTest::keyClicks(h.edit("databaseEdit"), QStringLiteral("app"));
    QTest::keyClicks(h.edit("userEdit"), QStringLiteral("me"));
    QTest::mouseClick(h.button("saveButton"), Qt::LeftButton);
    QCOMPARE(h.edit("nameEdit")->text(), QStringLiteral("me@db.local/app"));
    QCOMPARE(h.list()->count(), 1);
    QCOMPARE(h.list()->item(0)->text(), QStringLiteral("me@db.local/app"));
}

void TestConnectionDialog::savedOptionsSurvive()
{
    Harness h;
    h.open();
    QTest::keyClicks(h.edit("urlEdit"), sqlAlchemyUrl);
    QTest::mouseClick(h.button("applyUrlButton"), Qt::LeftButton);
    QTest::keyClicks(h.edit("nameEdit"), QStringLiteral("shop"));
    QTest::mouseClick(h.button("saveButton"), Qt::LeftButton);
    QVERIFY2(!h.iniContents().contains("s3cr"), h.iniContents().constData());

    h.dialog->setSpec({});
    QVERIFY(!h.label("optionsLabel")->isVisible());
    h.clickItem(0);
    ConnectionSpec expected;
    expected.name = QStringLiteral("shop");
    expected.host = QStringLiteral("db.example.com");
    expected.port = 6543;
    expected.database = QStringLiteral("shop");
    expected.user = QStringLiteral("bob");
    expected.sslMode = QStringLiteral("require");
    expected.options.insert(QStringLiteral("application_name"), QStringLiteral("x"));
    QCOMPARE(h.dialog->spec(), expected);
    QVERIFY(h.label("optionsLabel")->isVisible());
}

void TestConnectionDialog::startsFromSavedAndLast()
{
    Harness h;
    ConnectionSpec first;
    first.name = QStringLiteral("first");
    first.host = QStringLiteral("one.example.com");
    ConnectionSpec second;
    second.name = QStringLiteral("second");
    second.host = QStringLiteral("two.example.com");
    second.port = 5544;
    h.store.save(first);
    h.store.save(second);
    second.password = QStringLiteral("never-stored");
    h.store.setLast(second);
    h.open();

    QCOMPARE(h.list()->count(), 2);
    QCOMPARE(h.list()->item(0)->text(), QStringLiteral("first"));
    QCOMPARE(h.list()->item(1)->text(), QStringLiteral("second"));
    QCOMPARE(h.list()->currentRow(), 1);
    QCOMPARE(h.edit("hostEdit")->text(), QStringLiteral("two.example.com"));
    QCOMPARE(h.port()->value(), 5544);
    QCOMPARE(h.edit("passwordEdit")->text(), QString());
}

void TestConnectionDialog::demoButtonRequestsDemo()
{
    Harness h;
    h.open();
    QSignalSpy demo(h.dialog.get(), &ConnectionDialog::demoRequested);
    QSignalSpy accepted(h.dialog.get(), &QDialog::accepted);
    QTest::mouseClick(h.button("demoButton"), Qt::LeftButton);
    QCOMPARE(demo.count(), 1);
    QCOMPARE(accepted.count(), 0);
    QCOMPARE(h.dialog->result(), int(QDialog::Rejected));
    QVERIFY(!h.dialog->isVisible());
}

void TestConnectionDialog::showErrorShowsText()
{
    Harness h;
    h.open();
    h.dialog->setSpec(typedSpec());
    const QString message = QStringLiteral("Password authentication failed for user \"alice\".");
    h.dialog->showError(message);
    QVERIFY(h.label("errorLabel")->isVisible());
    QCOMPARE(h.label("errorLabel")->text(), message);
    QCOMPARE(h.dialog->spec(), typedSpec());
    h.dialog->showError(QString());
    QVERIFY(!h.label("errorLabel")->isVisible());
}

void TestConnectionDialog::showErrorFocusesTheField()
{
    Harness h;
    h.open();
    h.dialog->setSpec(typedSpec());
    const std::pair<DbError::Kind, const char *> cases[] = {
        {DbError::Kind::AuthFailed, "passwordEdit"},
        {DbError::Kind::HostNotFound, "hostEdit"},
        {DbError::Kind::ConnectionRefused, "hostEdit"},
        {DbError::Kind::DatabaseMissing, "databaseEdit"},
    };
    for (const auto &[kind, field] : cases) {
        DbError error;
        error.kind = kind;
        error.message = QStringLiteral("problem");
        h.dialog->showError(error);
        QCOMPARE(h.label("errorLabel")->text(), QStringLiteral("problem"));
        QVERIFY(h.dialog->focusWidget());
        QCOMPARE(h.dialog->focusWidget()->objectName(), QString::fromLatin1(field));
    }
    QCOMPARE(h.dialog->spec(), typedSpec()); // the form is kept as it was
}

void TestConnectionDialog::tabReachesEveryWidget()
{
    Harness h;
    ConnectionSpec saved;
    saved.name = QStringLiteral("saved");
    h.store.save(saved);
    h.open();
    QVERIFY(QTest::qWaitForWindowActive(h.dialog.get()));
    h.list()->setCurrentRow(0); // Delete is only enabled, and reachable, with a selection
    h.list()->setFocus();
    QTRY_VERIFY(h.list()->hasFocus());

    const QStringList expected = {
        QStringLiteral("saveButton"),    QStringLiteral("deleteButton"),
        QStringLiteral("urlEdit"),       QStringLiteral("nameEdit"),
        QStringLiteral("hostEdit"),      QStringLiteral("portSpin"),
        QStringLiteral("databaseEdit"),  QStringLiteral("userEdit"),
        QStringLiteral("passwordEdit"),  QStringLiteral("sslModeCombo"),
        QStringLiteral("groupBox"),      QStringLiteral("colorButton"),
        QStringLiteral("productionBox"), QStringLiteral("demoButton"),
        QStringLiteral("connectButton"), QStringLiteral("cancelButton"),
        QStringLiteral("savedList"),
    };
    QStringList visited;
    for (qsizetype i = 0; i < expected.size(); ++i) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QWidget *focus = QApplication::focusWidget();
        while (focus && focus->objectName().isEmpty())
            focus = focus->parentWidget();
        visited << (focus ? focus->objectName() : QStringLiteral("<none>"));
    }
    QCOMPARE(visited.join(QLatin1Char(' ')), expected.join(QLatin1Char(' ')));
    // Apply is in the chain too, but only enabled once there is a URL to apply.
    QVERIFY(!h.button("applyUrlButton")->isEnabled());
    QVERIFY(h.button("applyUrlButton")->focusPolicy() & Qt::TabFocus);
}

void TestConnectionDialog::labelsHaveBuddiesAndUniqueMnemonics()
{
    Harness h;
    h.open();
    QSet<QChar> mnemonics;
    const auto addMnemonic = [&mnemonics](const QString &text) {
        const qsizetype amp = text.indexOf(QLatin1Char('&'));
        if (amp < 0 || amp + 1 >= text.size())
            return true;
        const QChar key = text.at(amp + 1).toLower();
        const bool fresh = !mnemonics.contains(key);
        mnemonics.insert(key);
        return fresh;
    };
    int labelled = 0;
    for (QLabel *label : h.dialog->findChildren<QLabel *>()) {
        if (!label->text().contains(QLatin1Char('&')))
            continue;
        ++labelled;
        QVERIFY2(label->buddy(), qPrintable(label->text()));
        QVERIFY2(addMnemonic(label->text()), qPrintable(label->text()));
    }
    QCOMPARE(labelled, 10); // saved list, URL, the seven form fields and the group
    for (QPushButton *button : h.dialog->findChildren<QPushButton *>())
        QVERIFY2(addMnemonic(button->text()), qPrintable(button->text()));
    QCOMPARE(h.label("errorLabel")->buddy(), nullptr);
}

QTEST_MAIN(TestConnectionDialog)
#include "tst_connectiondialog.moc"
