// ImportDialog driven as a user would, offscreen, against a real server: choose a file, see the
// preview with its columns mapped by name and a value of the wrong type marked, change a mapping,
// press Import and find the rows in the table; a bad row reported by its line with nothing
// imported; an unmapped file column refused; Cancel in the middle of a big import.

#include "model/catalog/catalogreader.h"
#include "model/db/executor.h"
#include "testcluster.h"
#include "ui/import/importdialog.h"
#include "ui/import/importpreview.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace dbx;
using dbx::ui::ImportDialog;

namespace {
QString s(const char *text)
{
    return QString::fromUtf8(text);
}
const QString kDb = QStringLiteral("importui");
} // namespace

class TestImportDialog : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    model::SchemaSnapshot m_snapshot;

    template <typename T> static T *child(QWidget &dialog, const char *name)
    {
        T *w = dialog.findChild<T *>(s(name));
        if (!w)
            qWarning("no child %s", name);
        return w;
    }

    static QString status(ImportDialog &dialog)
    {
        return child<QLabel>(dialog, "importStatus")->text();
    }

    QString write(const char *name, const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(s(name));
        QFile f(path);
        if (f.open(QIODevice::WriteOnly))
            f.write(bytes);
        return path;
    }

    const model::TableInfo &table(const char *name)
    {
        const model::TableInfo *t = m_snapshot.table(s("public"), s(name));
        Q_ASSERT(t);
        return *t;
    }

    qint64 scalar(const QString &sql)
    {
        QSqlDatabase db = test::TestCluster::instance().openDirect(kDb);
        const auto v = model::execScalar(db, model::Statement(sql));
        return v ? v->toLongLong() : -1;
    }

    void chooseFile(ImportDialog &dialog, const QString &path)
    {
        auto *edit = child<QLineEdit>(dialog, "importPath");
        edit->clear();
        QTest::keyClicks(edit, path);
        QTest::keyClick(edit, Qt::Key_Return);
    }

    bool pressImport(ImportDialog &dialog, QSignalSpy &finished)
    {
        QTest::mouseClick(child<QPushButton>(dialog, "importButton"), Qt::LeftButton);
        return finished.wait(60000);
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        QVERIFY(m_dir.isValid());
        auto &cluster = test::TestCluster::instance();
        QVERIFY(cluster.recreateDatabase(kDb));
        QVERIFY(cluster.exec(kDb, s("CREATE TABLE people (id int PRIMARY KEY, name text, "
                                    "born date, score numeric);"
                                    "CREATE TABLE big (id int PRIMARY KEY, label text)")));
        QSqlDatabase db = cluster.openDirect(kDb);
        const auto snapshot = model::CatalogReader::read(db);
        QVERIFY(snapshot.ok());
        m_snapshot = snapshot.value();
    }

    void previewMapsByNameAndImports()
    {
        const QString path = write("people.csv", "Name,id,score,born\n\"Ёжик, \"\"Y\"\"\",1,1.5,"
                                                 "2001-02-03\n\"two\nlines\",2,,\n,3,abc,\n");
        ImportDialog dialog(test::TestCluster::instance().spec(kDb), table("people"), m_snapshot);
        dialog.show();
        chooseFile(dialog, path);
        auto *preview = dialog.findChild<ui::ImportPreview *>();
        QVERIFY(preview);
        QCOMPARE(preview->mapping(), (QStringList{s("name"), s("id"), s("score"), s("born")}));
        auto *grid = child<QTableWidget>(dialog, "importPreviewGrid");
        QCOMPARE(grid->rowCount(), 4); // the mapping row and three records
        QCOMPARE(grid->item(2, 0)->text(), s("two\nlines"));
        QCOMPARE(preview->mismatches(), 1);
        QVERIFY(!grid->item(3, 2)->toolTip().isEmpty()); // "abc" is no number
        QVERIFY2(status(dialog).startsWith(s("1 value")), qPrintable(status(dialog)));

        // Mapping "score" to nothing is refused before anything runs.
        preview->setMapping(2, QString());
        QVERIFY2(status(dialog).contains(s("File column 3")), qPrintable(status(dialog)));
        QSignalSpy finished(&dialog, &ImportDialog::importFinished);
        QTest::mouseClick(child<QPushButton>(dialog, "importButton"), Qt::LeftButton);
        QVERIFY(!dialog.isImporting());
        QVERIFY2(status(dialog).contains(s("3")), qPrintable(status(dialog)));
        preview->setMapping(2, s("score"));

        // The bad row: the server names it, nothing is imported.
        QVERIFY(pressImport(dialog, finished));
        QCOMPARE(finished.last().first().toBool(), false);
        QVERIFY2(status(dialog).contains(s("line 5")), qPrintable(status(dialog)));
        QCOMPARE(scalar(s("SELECT count(*) FROM people")), 0);

        const QString good = write("people-good.csv", "Name,id,score,born\n\"Ёжик, \"\"Y\"\"\","
                                                      "1,1.5,2001-02-03\n\"two\nlines\",2,,\n");
        chooseFile(dialog, good);
        QCOMPARE(preview->mismatches(), 0);
        QVERIFY(pressImport(dialog, finished));
        QVERIFY2(finished.last().first().toBool(), qPrintable(status(dialog)));
        QCOMPARE(scalar(s("SELECT count(*) FROM people WHERE name = 'Ёжик, \"Y\"' AND score = "
                          "1.5 AND born = '2001-02-03'")),
                 1);
        QCOMPARE(scalar(s("SELECT count(*) FROM people WHERE name = E'two\\nlines' AND score "
                          "IS NULL")),
                 1);
    }

    void cancelStopsABigImport()
    {
        QByteArray rows;
        for (int i = 1; i <= 600000; ++i)
            rows += QByteArray::number(i) + ",label number " + QByteArray::number(i) + '\n';
        const QString path = write("big.csv", rows);
        ImportDialog dialog(test::TestCluster::instance().spec(kDb), table("big"), m_snapshot);
        dialog.show();
        child<QCheckBox>(dialog, "importHeader")->setChecked(false);
        chooseFile(dialog, path);
        QSignalSpy finished(&dialog, &ImportDialog::importFinished);
        QTest::mouseClick(child<QPushButton>(dialog, "importButton"), Qt::LeftButton);
        QVERIFY(dialog.isImporting());
        QCOMPARE(child<QPushButton>(dialog, "importClose")->text(), s("Cancel"));
        QTest::mouseClick(child<QPushButton>(dialog, "importClose"), Qt::LeftButton);
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.last().first().toBool(), false);
        QVERIFY2(status(dialog).contains(s("cancelled")), qPrintable(status(dialog)));
        QVERIFY(dialog.isVisible());
        QCOMPARE(scalar(s("SELECT count(*) FROM big")), 0);
    }
};

QTEST_MAIN(TestImportDialog)
#include "tst_importdialog.moc"
