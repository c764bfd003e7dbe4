#include "ui/export/exportdialog.h"

#include "model/db/database.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

#include <climits>

namespace dbx::ui {

using model::ExportFormat;

ExportDialog::ExportDialog(const model::ConnectionSpec &spec, const model::TableQuery &query,
                           const QList<QVariantList> &selectedKeys, QWidget *parent)
    : QDialog(parent)
    , m_spec(spec)
    , m_query(query)
    , m_selectedKeys(selectedKeys)
    , m_csv(new QRadioButton(tr("CSV (comma-separated values)"), this))
    , m_json(new QRadioButton(tr("JSON (an array of objects)"), this))
    , m_header(new QCheckBox(tr("First line names the columns"), this))
    , m_path(new QLineEdit(this))
    , m_browse(new QPushButton(tr("Browse…"), this))
    , m_all(new QRadioButton(tr("All rows matching the filter"), this))
    , m_selection(
          new QRadioButton(tr("Selected rows (%n)", nullptr, int(selectedKeys.size())), this))
    , m_status(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Close, this))
    , m_export(m_buttons->addButton(tr("Export"), QDialogButtonBox::AcceptRole))
    , m_close(m_buttons->button(QDialogButtonBox::Close))
{
    setObjectName(QStringLiteral("exportDialog"));
    setWindowTitle(tr("Export %1").arg(query.name()));
    m_csv->setObjectName(QStringLiteral("exportCsv"));
    m_json->setObjectName(QStringLiteral("exportJson"));
    m_header->setObjectName(QStringLiteral("exportHeader"));
    m_path->setObjectName(QStringLiteral("exportPath"));
    m_browse->setObjectName(QStringLiteral("exportBrowse"));
    m_all->setObjectName(QStringLiteral("exportAllRows"));
    m_selection->setObjectName(QStringLiteral("exportSelectedRows"));
    m_status->setObjectName(QStringLiteral("exportStatus"));
    m_export->setObjectName(QStringLiteral("exportButton"));
    m_close->setObjectName(QStringLiteral("exportClose"));

    auto *formats = new QButtonGroup(this);
    formats->addButton(m_csv);
    formats->addButton(m_json);
    auto *scopes = new QButtonGroup(this);
    scopes->addButton(m_all);
    scopes->addButton(m_selection);
    m_csv->setChecked(true);
    m_header->setChecked(true);
    m_all->setChecked(true);
    m_selection->setEnabled(!selectedKeys.isEmpty());
    m_path->setPlaceholderText(tr("File to write"));
    m_path->setText(QDir::home().filePath(query.name() + QLatin1String(".csv")));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(m_browse);
    auto *formatBox = new QVBoxLayout;
    formatBox->addWidget(m_csv);
    formatBox->addWidget(m_header);
    formatBox->addWidget(m_json);
    auto *scopeBox = new QVBoxLayout;
    scopeBox->addWidget(m_all);
    scopeBox->addWidget(m_selection);
    auto *form = new QFormLayout;
    form->addRow(tr("Format:"), formatBox);
    form->addRow(tr("File:"), pathRow);
    form->addRow(tr("Rows:"), scopeBox);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);

    // Follows the format in the file name while it still ends in the other extension.
    connect(m_json, &QRadioButton::toggled, this, [this](bool json) {
        m_header->setEnabled(!json);
        const QString from = json ? QStringLiteral(".csv") : QStringLiteral(".json");
        const QString to = json ? QStringLiteral(".json") : QStringLiteral(".csv");
        QString path = m_path->text();
        if (path.endsWith(from, Qt::CaseInsensitive)) {
            path.chop(from.size());
            m_path->setText(path + to);
        }
    });
    connect(m_browse, &QPushButton::clicked, this, &ExportDialog::browse);
    connect(m_export, &QPushButton::clicked, this, &ExportDialog::exportClicked);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ExportDialog::reject);
    m_tick.setInterval(250);
    connect(&m_tick, &QTimer::timeout, this, &ExportDialog::showProgress);
}

ExportDialog::~ExportDialog()
{
    // The Database (a child) cancels what runs and closes its connection when it goes.
    if (m_exporter)
        m_exporter->cancel();
}

void ExportDialog::browse()
{
    const bool json = m_json->isChecked();
    const QString filter =
        json ? tr("JSON files (*.json);;All files (*)") : tr("CSV files (*.csv);;All files (*)");
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export to"), m_path->text(), filter);
    if (!path.isEmpty())
        m_path->setText(path);
}

void ExportDialog::exportClicked()
{
    const QString path = m_path->text().trimmed();
    if (path.isEmpty()) {
        m_status->setText(tr("Choose a file to export to."));
        return;
    }
    startExport(m_json->isChecked() ? ExportFormat::Json : ExportFormat::Csv, path,
                m_selection->isChecked());
}

void ExportDialog::startExport(ExportFormat format, const QString &path, bool selectionOnly)
{
    if (m_db)
        return;
    m_format = format;
    m_target = QFileInfo(path).absoluteFilePath();
    m_selectionOnly = selectionOnly && !m_selectedKeys.isEmpty();
    // The dialog shows what runs, also when a caller chose for the user.
    (format == ExportFormat::Json ? m_json : m_csv)->setChecked(true);
    (m_selectionOnly ? m_selection : m_all)->setChecked(true);
    m_path->setText(m_target);
    m_rows = 0;
    m_cancelling = false;
    m_clock.start();
    m_tick.start();
    setRunning(true);
    m_status->setText(tr("Connecting…"));

    m_db = new model::Database(this);
    // Once: a reconnect after a lost connection must not start a second export.
    connect(m_db, &model::Database::connected, this, &ExportDialog::begin,
            Qt::SingleShotConnection);
    connect(m_db, &model::Database::connectionFailed, this,
            [this](const model::DbError &error) { finish(error); });
    m_db->connectTo(m_spec);
}

void ExportDialog::begin()
{
    if (m_cancelling) {
        finish(model::DbError::cancelled());
        return;
    }
    m_exporter = new model::TableExporter(m_db, m_db);
    connect(m_exporter, &model::TableExporter::progress, this, [this](qint64 rows) {
        m_rows = rows;
        showProgress();
    });
    connect(m_exporter, &model::TableExporter::finished, this, &ExportDialog::finish);
    model::ExportOptions options;
    options.header = m_header->isChecked();
    options.selectedOnly = m_selectionOnly;
    if (m_selectionOnly)
        options.selectedKeys = m_selectedKeys;
    m_exporter->start(m_query, m_format, m_target, options);
    showProgress();
}

void ExportDialog::showProgress()
{
    if (!m_exporter)
        return;
    if (m_cancelling) {
        m_status->setText(tr("Cancelling…"));
        return;
    }
    m_status->setText(
        tr("%n row(s) written, %1 elapsed.", nullptr, int(qMin<qint64>(m_rows, INT_MAX)))
            .arg(elapsed()));
}

void ExportDialog::finish(const model::Result<model::ExportSummary> &result)
{
    m_tick.stop();
    if (result.ok()) {
        const int rows = int(qMin<qint64>(result->rows, INT_MAX));
        m_status->setText(tr("Exported %n row(s) to %1 in %2.", nullptr, rows)
                              .arg(QDir::toNativeSeparators(result->path), elapsed()));
    } else if (result.error().isCancelled()) {
        m_status->setText(tr("The export was cancelled; %1 was not written.")
                              .arg(QDir::toNativeSeparators(m_target)));
    } else {
        const model::DbError &error = result.error();
        QString text = tr("The export failed: %1").arg(error.message);
        if (!error.detail.isEmpty())
            text += QLatin1Char('\n') + error.detail;
        m_status->setText(text);
    }
    m_exporter = nullptr;
    // Closes the export's connection once the signal that brought us here has returned.
    if (m_db)
        m_db->deleteLater();
    m_db = nullptr;
    setRunning(false);
    emit exportFinished(result.ok());
}

void ExportDialog::reject()
{
    if (!m_db) {
        QDialog::reject();
        return;
    }
    // While exporting, the button (and Escape) stop the export instead of closing.
    m_cancelling = true;
    if (m_exporter)
        m_exporter->cancel();
    m_status->setText(tr("Cancelling…"));
}

void ExportDialog::setRunning(bool running)
{
    for (QWidget *w : {static_cast<QWidget *>(m_csv), static_cast<QWidget *>(m_json),
                       static_cast<QWidget *>(m_path), static_cast<QWidget *>(m_browse),
                       static_cast<QWidget *>(m_all), static_cast<QWidget *>(m_export)})
        w->setEnabled(!running);
    m_header->setEnabled(!running && !m_json->isChecked());
    m_selection->setEnabled(!running && !m_selectedKeys.isEmpty());
    m_close->setText(running ? tr("Cancel") : tr("Close"));
}

QString ExportDialog::elapsed() const
{
    return tr("%1 s").arg(QLocale().toString(double(m_clock.elapsed()) / 1000.0, 'f', 1));
}

} // namespace dbx::ui
