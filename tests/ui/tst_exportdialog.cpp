// ExportDialog driven as a user would, offscreen, against a real server: choose format, file and
// rows, press Export, read the file written; Cancel in the middle of a big export; errors shown
// in the dialog in plain words.

#include "testcluster.h"
#include "ui/export/exportdialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace dbx;
using dbx::ui::ExportDialog;

namespace {
QString s(const char *text)
{
    return QString::fromUtf8(text);
}
const QString kDb = QStringLiteral("exportui");

const char *const kSetup =
    "CREATE TABLE resumes (id int PRIMARY KEY, title text NOT NULL, compensation int,\n"
    "  workload text, created_at timestamp);\n"
    "INSERT INTO resumes VALUES\n"
    "  (1, 'Python developer', 65000, 'fulltime', '2024-01-15 09:30'),\n"
    "  (2, 'Data Engineer (Scala, Spark)', 250000, 'parttime', '2024-01-20 14:45'),\n"
    "  (3, 'Python backend developer', NULL, 'parttime', '2024-03-05 08:00'),\n"
    "  (4, 'QA \"automation\" engineer', 60000, '', '2024-02-21 15:30');\n"
    "CREATE TABLE big (id bigint PRIMARY KEY, label text NOT NULL);\n"
    "INSERT INTO big SELECT g, 'label ' || md5(g::text) FROM generate_series(1, 1000000) g;\n";

model::TableQuery resumes()
{
    model::TableQuery q;
    q.setRelation(s("public"), s("resumes"),
                  {s("id"), s("title"), s("compensation"), s("workload"), s("created_at")},
                  {s("id")});
    return q;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
} // namespace

class TestExportDialog : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    template <typename T> static T *child(ExportDialog &dialog, const char *name)
    {
        T *w = dialog.findChild<T *>(s(name));
        if (!w)
            qWarning("no child %s", name);
        return w;
    }

    static QString status(ExportDialog &dialog)
    {
        return child<QLabel>(dialog, "exportStatus")->text();
    }

    // Presses Export and waits for the end of the export; false if it did not end.
    static bool pressExport(ExportDialog &dialog, QSignalSpy &finished)
    {
        QTest::mouseClick(child<QPushButton>(dialog, "exportButton"), Qt::LeftButton);
        return finished.wait(60000);
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        QVERIFY(m_dir.isValid());
        auto &cluster = test::TestCluster::instance();
        QVERIFY(cluster.recreateDatabase(kDb));
        QVERIFY(cluster.exec(kDb, QString::fromUtf8(kSetup)));
    }

    void exportsFilteredSortedCsv()
    {
        model::TableQuery q = resumes();
        q.setFilter(model::query::Filter::column(s("compensation"),
                                                 model::query::Filter::Op::IsNotNull));
        model::SortSpec sort;
        sort.column = s("compensation");
        sort.order = Qt::DescendingOrder;
        q.setSort(sort);
        ExportDialog dialog(test::TestCluster::instance().spec(kDb), q, {}, nullptr);
        dialog.show();
        QVERIFY(child<QRadioButton>(dialog, "exportCsv")->isChecked());
        QVERIFY(child<QRadioButton>(dialog, "exportAllRows")->isChecked());
        // No selection in the grid: that choice is not offered.
        QVERIFY(!child<QRadioButton>(dialog, "exportSelectedRows")->isEnabled());
        QLineEdit *path = child<QLineEdit>(dialog, "exportPath");
        const QString file = m_dir.filePath(s("resumes.csv"));
        path->clear();
        QTest::keyClicks(path, file);
        QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
        QVERIFY(pressExport(dialog, finished));
        QCOMPARE(finished.first().first().toBool(), true);
        QCOMPARE(
            readAll(file),
            QByteArray("id,title,compensation,workload,created_at\r\n"
                       "2,\"Data Engineer (Scala, Spark)\",250000,parttime,2024-01-20 14:45:00\r\n"
                       "1,Python developer,65000,fulltime,2024-01-15 09:30:00\r\n"
                       "4,\"QA \"\"automation\"\" engineer\",60000,\"\",2024-02-21 15:30:00\r\n"));
        QVERIFY2(
            status(dialog).contains(s("Exported 3 row(s) to ") + m_dir.filePath(s("resumes.csv"))),
            qPrintable(status(dialog)));
        QVERIFY(!dialog.isExporting());
        QVERIFY(child<QPushButton>(dialog, "exportButton")->isEnabled());
        QCOMPARE(child<QPushButton>(dialog, "exportClose")->text(), s("Close"));
    }

    void exportsSelectedRowsAsJson()
    {
        ExportDialog dialog(test::TestCluster::instance().spec(kDb), resumes(),
                            {{s("4")}, {s("1")}}, nullptr);
        dialog.show();
        QRadioButton *selected = child<QRadioButton>(dialog, "exportSelectedRows");
        QVERIFY(selected->isEnabled());
        QCOMPARE(selected->text(), s("Selected rows (2)"));
        QLineEdit *path = child<QLineEdit>(dialog, "exportPath");
        path->setText(m_dir.filePath(s("picked.csv")));
        QTest::mouseClick(child<QRadioButton>(dialog, "exportJson"), Qt::LeftButton);
        QTest::mouseClick(selected, Qt::LeftButton);
        // The file name follows the format; the header option only applies to CSV.
        QCOMPARE(path->text(), m_dir.filePath(s("picked.json")));
        QVERIFY(!child<QCheckBox>(dialog, "exportHeader")->isEnabled());
        QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
        QVERIFY(pressExport(dialog, finished));
        QCOMPARE(finished.first().first().toBool(), true);
        const QJsonArray rows = QJsonDocument::fromJson(readAll(path->text())).array();
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows.at(0)[s("id")], QJsonValue(1));
        QCOMPARE(rows.at(0)[s("compensation")], QJsonValue(65000));
        QCOMPARE(rows.at(1)[s("title")], QJsonValue(s("QA \"automation\" engineer")));
        QCOMPARE(rows.at(1)[s("workload")], QJsonValue(QString()));
        QCOMPARE(rows.at(1)[s("created_at")], QJsonValue(s("2024-02-21 15:30:00")));
        QVERIFY2(status(dialog).contains(s("Exported 2 row(s)")), qPrintable(status(dialog)));
    }

    void cancelStopsABigExport()
    {
        model::TableQuery q;
        q.setRelation(s("public"), s("big"), {s("id"), s("label")}, {s("id")});
        ExportDialog dialog(test::TestCluster::instance().spec(kDb), q, {}, nullptr);
        dialog.show();
        const QString file = m_dir.filePath(s("big.json"));
        QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
        dialog.startExport(model::ExportFormat::Json, file, false);
        QVERIFY(dialog.isExporting());
        QPushButton *cancel = child<QPushButton>(dialog, "exportClose");
        QCOMPARE(cancel->text(), s("Cancel"));
        QVERIFY(!child<QPushButton>(dialog, "exportButton")->isEnabled());
        // Rows are being written: the progress line says how many.
        QVERIFY(QTest::qWaitFor([&] { return status(dialog).contains(s("written")); }, 20000));
        // With DBX_SCREENSHOT_DIR set, what the user sees mid-export (for the README).
        if (qEnvironmentVariableIsSet("DBX_SCREENSHOT_DIR"))
            dialog.grab().save(qEnvironmentVariable("DBX_SCREENSHOT_DIR") + s("/export.png"));
        QTest::mouseClick(cancel, Qt::LeftButton);
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY2(status(dialog).contains(s("cancelled")), qPrintable(status(dialog)));
        QVERIFY(!QFile::exists(file));
        // Cancel stopped the export; it did not close the dialog.
        QVERIFY(dialog.isVisible());
        QCOMPARE(cancel->text(), s("Close"));
        QTest::mouseClick(cancel, Qt::LeftButton);
        QVERIFY(!dialog.isVisible());
    }

    void showsErrorsInPlainWords()
    {
        ExportDialog dialog(test::TestCluster::instance().spec(kDb), resumes(), {}, nullptr);
        dialog.show();
        QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
        const QString missing = m_dir.filePath(s("no/such/dir/out.csv"));
        dialog.startExport(model::ExportFormat::Csv, missing, false);
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY2(status(dialog).startsWith(s("The export failed: Could not create the file")),
                 qPrintable(status(dialog)));
        QVERIFY(status(dialog).contains(missing));
        QVERIFY(!QFile::exists(missing));

        // A server that is not there.
        model::ConnectionSpec nowhere = test::TestCluster::instance().spec(kDb);
        nowhere.host = m_dir.filePath(s("nosocket"));
        ExportDialog offline(nowhere, resumes(), {}, nullptr);
        QSignalSpy failed(&offline, &ExportDialog::exportFinished);
        offline.startExport(model::ExportFormat::Csv, m_dir.filePath(s("offline.csv")), false);
        QVERIFY(failed.wait(30000));
        QCOMPARE(failed.first().first().toBool(), false);
        QVERIFY2(status(offline).startsWith(s("The export failed: ")), qPrintable(status(offline)));
        QVERIFY(!QFile::exists(m_dir.filePath(s("offline.csv"))));
    }
};

QTEST_MAIN(TestExportDialog)
#include "tst_exportdialog.moc"
