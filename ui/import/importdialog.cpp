#include "ui/import/importdialog.h"

#include "model/db/database.h"
#include "model/import/csvreader.h"
#include "ui/import/importpreview.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace dbx::ui {

namespace {
// Records shown in the preview.
constexpr int kPreviewRecords = 20;
} // namespace

ImportDialog::ImportDialog(const model::ConnectionSpec &spec, const model::TableInfo &table,
                           const model::SchemaSnapshot &snapshot, QWidget *parent)
    : QDialog(parent)
    , m_spec(spec)
    , m_table(table)
    , m_path(new QLineEdit(this))
    , m_browse(new QPushButton(tr("Browse…"), this))
    , m_header(new QCheckBox(tr("First line names the columns"), this))
    , m_delimiter(new QLineEdit(QStringLiteral(","), this))
    , m_quote(new QLineEdit(QStringLiteral("\""), this))
    , m_null(new QLineEdit(this))
    , m_encoding(new QComboBox(this))
    , m_preview(new ImportPreview(table, snapshot, this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Close, this))
    , m_import(m_buttons->addButton(tr("Import"), QDialogButtonBox::AcceptRole))
    , m_close(m_buttons->button(QDialogButtonBox::Close))
{
    setObjectName(QStringLiteral("importDialog"));
    setWindowTitle(tr("Import into %1").arg(table.name));
    m_path->setObjectName(QStringLiteral("importPath"));
    m_browse->setObjectName(QStringLiteral("importBrowse"));
    m_header->setObjectName(QStringLiteral("importHeader"));
    m_delimiter->setObjectName(QStringLiteral("importDelimiter"));
    m_quote->setObjectName(QStringLiteral("importQuote"));
    m_null->setObjectName(QStringLiteral("importNull"));
    m_encoding->setObjectName(QStringLiteral("importEncoding"));
    m_progress->setObjectName(QStringLiteral("importProgress"));
    m_status->setObjectName(QStringLiteral("importStatus"));
    m_import->setObjectName(QStringLiteral("importButton"));
    m_close->setObjectName(QStringLiteral("importClose"));
    m_path->setPlaceholderText(tr("CSV file to import"));
    for (QLineEdit *one : {m_delimiter, m_quote}) {
        one->setMaxLength(1);
        one->setMaximumWidth(40);
    }
    m_null->setPlaceholderText(tr("empty field"));
    m_encoding->setEditable(true);
    m_encoding->addItems({QStringLiteral("UTF8"), QStringLiteral("LATIN1"),
                          QStringLiteral("WIN1251"), QStringLiteral("KOI8R")});
    m_header->setChecked(true);
    m_progress->setVisible(false);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    buildLayout();

    connect(m_browse, &QPushButton::clicked, this, &ImportDialog::browse);
    connect(m_path, &QLineEdit::editingFinished, this, &ImportDialog::refreshPreview);
    connect(m_header, &QCheckBox::toggled, this, &ImportDialog::refreshPreview);
    for (QLineEdit *edit : {m_delimiter, m_quote, m_null})
        connect(edit, &QLineEdit::editingFinished, this, &ImportDialog::refreshPreview);
    connect(m_encoding, &QComboBox::currentTextChanged, this, &ImportDialog::refreshPreview);
    connect(m_import, &QPushButton::clicked, this, &ImportDialog::startImport);
    connect(m_preview, &ImportPreview::mappingChanged, this, [this] {
        if (!isImporting())
            showCheck();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ImportDialog::reject);
    m_import->setEnabled(false);
    // Return in the file's field shows the preview; it must not start the import (the button
    // box makes Import the default button).
    m_path->installEventFilter(this);
    resize(900, 560);
}

ImportDialog::~ImportDialog()
{
    // The Database (a child) cancels what runs and closes its connection when it goes.
    if (m_importer)
        m_importer->cancel();
}

bool ImportDialog::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_path && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            refreshPreview();
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

void ImportDialog::buildLayout()
{
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(m_browse);
    auto *charRow = new QHBoxLayout;
    charRow->addWidget(new QLabel(tr("Delimiter:"), this));
    charRow->addWidget(m_delimiter);
    charRow->addWidget(new QLabel(tr("Quote:"), this));
    charRow->addWidget(m_quote);
    charRow->addWidget(new QLabel(tr("NULL as:"), this));
    charRow->addWidget(m_null, 1);
    charRow->addWidget(new QLabel(tr("Encoding:"), this));
    charRow->addWidget(m_encoding);
    auto *form = new QFormLayout;
    form->addRow(tr("File:"), pathRow);
    form->addRow(QString(), m_header);
    form->addRow(tr("CSV:"), charRow);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_preview, 1);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);
}

model::CsvOptions ImportDialog::options() const
{
    model::CsvOptions o;
    o.header = m_header->isChecked();
    const auto first = [](const QString &text) { return text.isEmpty() ? QChar() : text.at(0); };
    o.delimiter = first(m_delimiter->text());
    o.quote = first(m_quote->text());
    o.nullText = m_null->text();
    const QString encoding = m_encoding->currentText().trimmed();
    if (encoding.compare(QLatin1String("UTF8"), Qt::CaseInsensitive) != 0)
        o.encoding = encoding;
    return o;
}

void ImportDialog::setFile(const QString &path)
{
    m_path->setText(path);
    refreshPreview();
}

void ImportDialog::browse()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import from"), m_path->text(),
                                                      tr("CSV files (*.csv);;All files (*)"));
    if (!path.isEmpty())
        setFile(path);
}

void ImportDialog::refreshPreview()
{
    if (isImporting())
        return;
    const QString path = m_path->text().trimmed();
    m_import->setEnabled(false);
    if (path.isEmpty())
        return;
    const model::CsvOptions o = options();
    if (const model::Status valid = model::validateCsvOptions(o); !valid) {
        m_status->setText(valid.error().message);
        return;
    }
    const model::Result<model::CsvPreview> preview =
        model::readCsvPreview(path, o, kPreviewRecords);
    if (!preview) {
        m_status->setText(preview.error().message);
        m_preview->show({});
        return;
    }
    m_preview->show(preview.value());
    m_records = int(preview->records.size());
    m_import->setEnabled(preview->columnCount > 0);
    showCheck();
}

// What the preview says about the import: an unmapped column first, then the type check.
void ImportDialog::showCheck()
{
    if (const model::Result<QStringList> columns = model::mappedColumns(m_preview->mapping());
        !columns) {
        m_status->setText(columns.error().message);
        return;
    }
    const int bad = m_preview->mismatches();
    m_status->setText(
        bad == 0 ? tr("The first %n record(s) fit the table's columns.", nullptr, m_records)
                 : tr("%n value(s) in the preview do not fit their column "
                      "(marked; the import would stop there).",
                      nullptr, bad));
}

void ImportDialog::startImport()
{
    if (m_db)
        return;
    const model::Result<QStringList> columns = model::mappedColumns(m_preview->mapping());
    if (!columns) {
        m_status->setText(columns.error().message);
        return;
    }
    m_request = {};
    m_request.path = QFileInfo(m_path->text().trimmed()).absoluteFilePath();
    m_request.schema = m_table.schema;
    m_request.table = m_table.name;
    m_request.columns = columns.value();
    m_request.options = options();
    m_cancelling = false;
    setRunning(true);
    m_status->setText(tr("Connecting…"));
    m_db = new model::Database(this);
    // Once: a reconnect after a lost connection must not start a second import.
    connect(m_db, &model::Database::connected, this, &ImportDialog::begin,
            Qt::SingleShotConnection);
    connect(m_db, &model::Database::connectionFailed, this,
            [this](const model::DbError &error) { finish(error); });
    m_db->connectTo(m_spec);
}

void ImportDialog::begin()
{
    if (m_cancelling) {
        finish(model::DbError::cancelled());
        return;
    }
    const qint64 size = std::max<qint64>(1, QFileInfo(m_request.path).size());
    m_importer = new model::TableImporter(m_db, m_db);
    connect(m_importer, &model::TableImporter::progress, this, [this, size](qint64 bytes) {
        m_progress->setValue(int(bytes * 1000 / size));
        if (!m_cancelling)
            m_status->setText(
                tr("Importing… %1 of %2 sent.")
                    .arg(locale().formattedDataSize(bytes), locale().formattedDataSize(size)));
    });
    connect(m_importer, &model::TableImporter::finished, this, &ImportDialog::finish);
    m_importer->start(m_request);
}

void ImportDialog::finish(const model::Result<model::ImportSummary> &result)
{
    if (result.ok()) {
        m_status->setText(
            tr("Imported %n row(s) into %1.", nullptr, int(result->rows)).arg(m_table.name));
    } else if (result.error().isCancelled()) {
        m_status->setText(tr("The import was cancelled; nothing was imported."));
    } else {
        const model::DbError &error = result.error();
        QString text = tr("The import failed, nothing was imported: %1").arg(error.message);
        if (!error.detail.isEmpty())
            text += QLatin1Char('\n') + error.detail;
        m_status->setText(text);
    }
    m_importer = nullptr;
    if (m_db)
        m_db->deleteLater();
    m_db = nullptr;
    setRunning(false);
    emit importFinished(result.ok());
}

void ImportDialog::setRunning(bool running)
{
    for (QWidget *w :
         std::initializer_list<QWidget *>{m_path, m_browse, m_header, m_delimiter, m_quote, m_null,
                                          m_encoding, m_preview, m_import})
        w->setEnabled(!running);
    m_progress->setVisible(running);
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_close->setText(running ? tr("Cancel") : tr("Close"));
}

void ImportDialog::reject()
{
    if (!m_db) {
        QDialog::reject();
        return;
    }
    // While importing, Cancel (and Esc) stops the import; the dialog stays to say so.
    m_cancelling = true;
    m_status->setText(tr("Cancelling…"));
    if (m_importer)
        m_importer->cancel();
}

} // namespace dbx::ui
