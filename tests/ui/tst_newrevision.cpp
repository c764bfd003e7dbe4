// New Revision in the migrations panel, driven through its widgets: the message asked for, the
// file written into the folder in use and opened in the editor, a save refused while the text
// would not load, and the revision list read again after saving. Files only: no connection.

#include "migrations/migrationservice.h"
#include "migrations/revisionsource.h"
#include "model/db/database.h"
#include "ui/migrations/migrationactions.h"
#include "ui/migrations/migrationspanel.h"
#include "ui/migrations/revisioneditordialog.h"
#include "ui/migrations/revisionlistmodel.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtTest>

using namespace dbx;

namespace {

const QString DemoHead = QStringLiteral("1b6f8d2e4a70");

template <typename T> T *modal(const QString &name)
{
    T *dialog = nullptr;
    const bool found = QTest::qWaitFor(
        [&] {
            dialog = qobject_cast<T *>(QApplication::activeModalWidget());
            return dialog && dialog->objectName() == name;
        },
        5000);
    return found ? dialog : nullptr;
}

} // namespace

class TestNewRevision : public QObject {
    Q_OBJECT

private:
    model::Database m_database;
    migrations::MigrationService m_service{&m_database};
    QWidget m_window;
    ui::MigrationActions *m_actions = new ui::MigrationActions(&m_service, &m_window);
    ui::MigrationsPanel *m_panel = new ui::MigrationsPanel(m_actions, &m_window);
    QTemporaryDir m_folder;

    QToolButton *newRevisionButton() const
    {
        return m_panel->findChild<QToolButton *>(QStringLiteral("newRevisionButton"));
    }

private slots:
    void initTestCase()
    {
        auto *layout = new QVBoxLayout(&m_window);
        layout->addWidget(m_panel);
        m_window.resize(1024, 700);
        m_window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&m_window));
        // A project folder: the demo revisions copied out of the application's resources.
        const QDir embedded(migrations::RevisionSource::embeddedPath());
        for (const QString &name : embedded.entryList({QStringLiteral("*.sql")}, QDir::Files)) {
            const QString copy = m_folder.filePath(name);
            QVERIFY(QFile::copy(embedded.filePath(name), copy));
            QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
        }
    }

    void builtInRevisionsCannotBeAddedTo()
    {
        QVERIFY(newRevisionButton());
        QVERIFY(!newRevisionButton()->isEnabled());
        QVERIFY(newRevisionButton()->toolTip().contains(QLatin1String("folder")));
    }

    void newRevisionIsWrittenEditedAndListed()
    {
        QVERIFY(m_service.setRevisionDirectory(m_folder.path()));
        QTRY_VERIFY(newRevisionButton()->isEnabled());
        QCOMPARE(m_panel->model()->rowCount(), 5);
        QTest::mouseClick(newRevisionButton(), Qt::LeftButton);
        auto *ask = modal<QInputDialog>(QStringLiteral("newRevisionDialog"));
        QVERIFY(ask);
        QTest::keyClicks(ask->findChild<QLineEdit *>(), QStringLiteral("add skills"));
        QTest::keyClick(ask->findChild<QLineEdit *>(), Qt::Key_Return);

        auto *editor = modal<ui::RevisionEditorDialog>(QStringLiteral("revisionEditorDialog"));
        QVERIFY(editor);
        QVERIFY2(editor->path().endsWith(QLatin1String("_add_skills.sql")),
                 qPrintable(editor->path()));
        QVERIFY(QFile::exists(editor->path()));
        const QString text = editor->editor()->toPlainText();
        QVERIFY2(text.contains(QStringLiteral("-- parents: %1\n").arg(DemoHead)), qPrintable(text));
        QVERIFY(text.contains(QLatin1String("-- message: add skills\n")));
        // Written and read again at once: the list already has it.
        QCOMPARE(m_panel->model()->rowCount(), 6);

        QPushButton *save = editor->findChild<QPushButton *>(QStringLiteral("revisionSave"));
        auto *problem = editor->findChild<QLabel *>(QStringLiteral("revisionProblem"));
        QString broken = text;
        broken.replace(QLatin1String("-- downgrade: empty"), QLatin1String("-- downgrade"));
        editor->editor()->setPlainText(broken);
        QTest::mouseClick(save, Qt::LeftButton);
        QVERIFY(editor->isVisible());
        QVERIFY2(problem->isVisible() && problem->text().contains(QLatin1String("downgrade")),
                 qPrintable(problem->text()));

        QString filled = text;
        filled.replace(QLatin1String("-- message: add skills"),
                       QLatin1String("-- message: add the skills table"));
        filled.replace(QLatin1String("-- upgrade\n"),
                       QLatin1String("-- upgrade\nCREATE TABLE skills (name text);\n"));
        filled.replace(QLatin1String("-- downgrade: empty"),
                       QLatin1String("-- downgrade\nDROP TABLE skills;"));
        editor->editor()->setPlainText(filled);
        QSignalSpy loaded(&m_service, &migrations::MigrationService::graphLoaded);
        QTest::mouseClick(save, Qt::LeftButton);
        QTRY_VERIFY(!QApplication::activeModalWidget());
        QCOMPARE(loaded.size(), 1);
        const auto heads = m_service.graph().heads();
        QCOMPARE(heads.size(), 1);
        QCOMPARE(m_service.graph().find(heads.first())->message,
                 QStringLiteral("add the skills table"));
        QCOMPARE(m_panel->model()->rowOf(heads.first()) >= 0, true);
    }

    void blankMessageIsRefusedWithoutAFile()
    {
        const int files = int(QDir(m_folder.path()).entryList(QDir::Files).size());
        QTest::mouseClick(newRevisionButton(), Qt::LeftButton);
        auto *ask = modal<QInputDialog>(QStringLiteral("newRevisionDialog"));
        QVERIFY(ask);
        QTest::keyClick(ask->findChild<QLineEdit *>(), Qt::Key_Return);
        auto *error = m_panel->findChild<QLabel *>(QStringLiteral("migrationError"));
        QTRY_VERIFY(error->isVisible());
        QVERIFY2(error->text().contains(QLatin1String("message")), qPrintable(error->text()));
        QCOMPARE(int(QDir(m_folder.path()).entryList(QDir::Files).size()), files);
        QVERIFY(!QApplication::activeModalWidget());
    }
};

QTEST_MAIN(TestNewRevision)
#include "tst_newrevision.moc"
