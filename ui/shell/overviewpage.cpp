#include "ui/shell/overviewpage.h"

#include "ui/common/icons.h"
#include "ui/schema/schemaeditor.h"

#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QStackedWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace dbx::ui {

namespace {

enum Column { NameColumn, KindColumn, RowsColumn, ColumnsColumn, ReferencesColumn };
constexpr int SchemaRole = Qt::UserRole;
constexpr int TableRole = Qt::UserRole + 1;
constexpr int OrderRole = Qt::UserRole + 2; // name column: the place in the schemas' order
constexpr int CountRole = Qt::UserRole + 3; // rows and columns: the number, for sorting

// Sorted as people look: by name within the user's schemas first, the bookkeeping last; by
// number in the number columns.
class TableItem : public QTreeWidgetItem {
public:
    using QTreeWidgetItem::QTreeWidgetItem;
    bool operator<(const QTreeWidgetItem &other) const override
    {
        const int column = treeWidget() ? treeWidget()->sortColumn() : NameColumn;
        if (column == NameColumn)
            return data(NameColumn, OrderRole).toString() <
                   other.data(NameColumn, OrderRole).toString();
        if (column == RowsColumn || column == ColumnsColumn)
            return data(column, CountRole).toLongLong() <
                   other.data(column, CountRole).toLongLong();
        return QTreeWidgetItem::operator<(other);
    }
};

} // namespace

OverviewPage::OverviewPage(QWidget *parent)
    : QWidget(parent)
    , m_stack(new QStackedWidget(this))
{
    setObjectName(QStringLiteral("overviewPage"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
    m_stack->addWidget(buildWelcome());
    m_stack->addWidget(buildSummary());
}

QWidget *OverviewPage::buildWelcome()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    layout->addStretch(1);
    auto *logo = new QLabel(page);
    logo->setPixmap(icon(QStringLiteral("dbexplorer")).pixmap(64, 64));
    logo->setAlignment(Qt::AlignCenter);
    auto *title = new QLabel(tr("DB Explorer"), page);
    title->setAlignment(Qt::AlignCenter);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.8);
    big.setBold(true);
    title->setFont(big);
    m_welcomeMessage = new QLabel(page);
    m_welcomeMessage->setObjectName(QStringLiteral("welcomeMessage"));
    m_welcomeMessage->setAlignment(Qt::AlignCenter);
    m_welcomeMessage->setWordWrap(true);
    m_connect =
        new QPushButton(icon(QStringLiteral("connect")), tr("Connect to a Database…"), page);
    m_demo = new QPushButton(icon(QStringLiteral("demo")), tr("Open the Demo Database"), page);
    m_connect->setObjectName(QStringLiteral("welcomeConnect"));
    m_demo->setObjectName(QStringLiteral("welcomeDemo"));
    for (QWidget *w : {static_cast<QWidget *>(logo), static_cast<QWidget *>(title),
                       static_cast<QWidget *>(m_welcomeMessage)})
        layout->addWidget(w);
    layout->addSpacing(12);
    for (QPushButton *button : {m_connect, m_demo}) {
        button->setMinimumWidth(260);
        layout->addWidget(button, 0, Qt::AlignHCenter);
    }
    layout->addStretch(2);
    connect(m_connect, &QPushButton::clicked, this, &OverviewPage::connectRequested);
    connect(m_demo, &QPushButton::clicked, this, &OverviewPage::demoRequested);
    return page;
}

QWidget *OverviewPage::buildSummary()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    m_title = new QLabel(page);
    m_title->setObjectName(QStringLiteral("overviewTitle"));
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    m_title->setFont(big);
    m_subtitle = new QLabel(page);
    m_subtitle->setObjectName(QStringLiteral("overviewSubtitle"));
    m_subtitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_tables = new QTreeWidget(page);
    m_tables->setObjectName(QStringLiteral("overviewTables"));
    m_tables->setHeaderLabels(
        {tr("Table"), tr("Kind"), tr("Rows (estimate)"), tr("Columns"), tr("References")});
    m_tables->setRootIsDecorated(false);
    m_tables->setAlternatingRowColors(true);
    m_tables->setSortingEnabled(true);
    m_tables->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_tables->header()->setStretchLastSection(true);
    m_tables->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_tables, &QWidget::customContextMenuRequested, this, &OverviewPage::showContextMenu);
    layout->addWidget(m_title);
    layout->addWidget(m_subtitle);
    layout->addWidget(m_tables, 1);
    connect(m_tables, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        emit tableActivated(item->data(NameColumn, SchemaRole).toString(),
                            item->data(NameColumn, TableRole).toString());
    });
    return page;
}

void OverviewPage::showContextMenu(const QPoint &at)
{
    QTreeWidgetItem *item = m_tables->itemAt(at);
    QMenu menu(this);
    if (item) {
        const QString schema = item->data(NameColumn, SchemaRole).toString();
        const QString table = item->data(NameColumn, TableRole).toString();
        menu.addAction(tr("Open"), this,
                       [this, schema, table] { emit tableActivated(schema, table); })
            ->setObjectName(QStringLiteral("overviewOpen"));
        menu.addAction(tr("Open Form"), this,
                       [this, schema, table] { emit formRequested(schema, table); })
            ->setObjectName(QStringLiteral("overviewOpenForm"));
        const QString name = item->text(NameColumn);
        menu.addAction(tr("Copy Name"), this, [name] { QApplication::clipboard()->setText(name); })
            ->setObjectName(QStringLiteral("overviewCopyName"));
        menu.addAction(tr("Show DDL"), this,
                       [this, schema, table] { emit ddlRequested(schema, table); })
            ->setObjectName(QStringLiteral("overviewShowDdl"));
        menu.addSeparator();
    }
    if (m_editor) {
        m_editor->addCreateTable(&menu,
                                 item ? item->data(NameColumn, SchemaRole).toString() : QString());
        if (item)
            m_editor->addTableActions(&menu, item->data(NameColumn, SchemaRole).toString(),
                                      item->data(NameColumn, TableRole).toString());
        menu.addSeparator();
    }
    menu.addAction(icon(QStringLiteral("refresh")), tr("Refresh"), this,
                   &OverviewPage::refreshRequested)
        ->setObjectName(QStringLiteral("overviewRefresh"));
    menu.exec(m_tables->viewport()->mapToGlobal(at));
}

void OverviewPage::setRowCount(const QString &schema, const QString &table, qint64 rows)
{
    for (int i = 0; i < m_tables->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_tables->topLevelItem(i);
        if (item->data(NameColumn, SchemaRole).toString() != schema ||
            item->data(NameColumn, TableRole).toString() != table)
            continue;
        item->setText(RowsColumn, QLocale().toString(rows));
        item->setData(RowsColumn, CountRole, rows);
        item->setToolTip(RowsColumn, tr("Counted when the table was last read"));
    }
}

void OverviewPage::showDisconnected(const QString &message)
{
    m_welcomeMessage->setText(message.isEmpty()
                                  ? tr("Connect to any PostgreSQL database, or explore the "
                                       "built-in demo: workers, resumes and vacancies.")
                                  : message);
    m_connect->setEnabled(true);
    m_demo->setEnabled(true);
    m_stack->setCurrentIndex(0);
}

void OverviewPage::showConnecting(const QString &message)
{
    m_welcomeMessage->setText(message);
    m_connect->setEnabled(false);
    m_demo->setEnabled(false);
    m_stack->setCurrentIndex(0);
}

void OverviewPage::showDatabase(const model::ServerInfo &info,
                                const model::SchemaSnapshot &snapshot)
{
    m_title->setText(tr("Database %1").arg(info.database));
    QString subtitle =
        tr("PostgreSQL %1 · %2 · user %3 · %n table(s) and view(s)", nullptr, snapshot.tableCount())
            .arg(info.version, info.displayName, info.user);
    if (info.isReadOnly()) // a standby is said to be one where the database is introduced
        subtitle += QStringLiteral(" · ") + info.accessBrief();
    m_subtitle->setText(subtitle);
    m_subtitle->setToolTip(info.readOnlyReason());
    m_tables->setSortingEnabled(false);
    m_tables->clear();
    const QLocale locale;
    const QList<model::SchemaInfo> schemas = snapshot.displayOrder();
    for (int order = 0; order < schemas.size(); ++order) {
        const model::SchemaInfo &schema = schemas.at(order);
        for (const model::TableInfo &table : schema.tables) {
            auto *item = new TableItem(m_tables);
            const bool isPublic = schema.name == QLatin1String("public");
            item->setText(NameColumn, isPublic ? table.name : schema.name + u'.' + table.name);
            item->setData(NameColumn, SchemaRole, schema.name);
            item->setData(NameColumn, TableRole, table.name);
            item->setData(
                NameColumn, OrderRole,
                QStringLiteral("%1 %2").arg(order, 4, 10, QLatin1Char('0')).arg(table.name));
            const bool view = table.kind == model::TableInfo::Kind::View ||
                              table.kind == model::TableInfo::Kind::MaterializedView;
            item->setIcon(NameColumn,
                          icon(view ? QStringLiteral("view") : QStringLiteral("table")));
            item->setText(KindColumn, view ? tr("view") : tr("table"));
            item->setText(RowsColumn, table.estimatedRows < 0
                                          ? tr("not analysed")
                                          : locale.toString(table.estimatedRows));
            item->setData(RowsColumn, CountRole, table.estimatedRows);
            item->setTextAlignment(RowsColumn, Qt::AlignRight | Qt::AlignVCenter);
            item->setText(ColumnsColumn, QString::number(table.columns.size()));
            item->setData(ColumnsColumn, CountRole, qint64(table.columns.size()));
            item->setTextAlignment(ColumnsColumn, Qt::AlignRight | Qt::AlignVCenter);
            QStringList references;
            for (const model::ForeignKeyInfo &fk : table.foreignKeys)
                references << fk.refTable;
            references.removeDuplicates();
            item->setText(ReferencesColumn, references.join(QStringLiteral(", ")));
            if (schema.isBookkeeping()) {
                for (int c = 0; c < m_tables->columnCount(); ++c)
                    item->setForeground(c, palette().brush(QPalette::Disabled, QPalette::Text));
            }
        }
    }
    m_tables->setSortingEnabled(true);
    m_tables->sortByColumn(NameColumn, Qt::AscendingOrder);
    m_stack->setCurrentIndex(1);
}

} // namespace dbx::ui
