#include "ui/browser/conflictdialog.h"

#include "model/edit/changesql.h"
#include "model/edit/editabletablemodel.h"
#include "ui/common/valuedelegate.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace dbx::ui {

namespace {

QString shown(const QVariant &value)
{
    if (value.isNull())
        return QStringLiteral("NULL");
    return model::TableDataModel::displayValue(value).toString();
}

} // namespace

ConflictDialog::ConflictDialog(const model::EditableTableModel *model,
                               const model::ChangeConflict &conflict, QWidget *parent)
    : QDialog(parent)
    , m_table(new QTableWidget(this))
    , m_summary(new QLabel(this))
{
    setWindowTitle(conflict.deleted ? tr("Someone else deleted this row")
                                    : tr("Someone else changed this row"));
    const model::RowChange *change = model->changes().byId(conflict.changeId);
    const model::TableInfo &info = model->table();
    QStringList key;
    if (change) {
        for (qsizetype i = 0; i < info.primaryKey.size(); ++i)
            key << info.primaryKey.at(i) + QStringLiteral(" = ") + change->key.value(i).toString();
    }
    const QString row = tr("%1 row %2").arg(info.name, key.join(QStringLiteral(", ")));
    if (conflict.deleted) {
        m_summary->setText(
            tr("<b>%1 was deleted by someone else</b> after you read it. Keep mine inserts it "
               "again with your values; Take theirs drops your change.")
                .arg(row.toHtmlEscaped()));
    } else if (change && change->isDelete()) {
        m_summary->setText(tr("<b>%1 was changed by someone else</b> after you read it. Keep "
                              "mine deletes it anyway; Take theirs keeps their row.")
                               .arg(row.toHtmlEscaped()));
    } else {
        m_summary->setText(tr("<b>%1 was changed by someone else</b> after you read it. "
                              "Highlighted fields differ. Keep mine writes your values over "
                              "theirs; Take theirs drops your change.")
                               .arg(row.toHtmlEscaped()));
    }
    m_summary->setWordWrap(true);

    m_table->setColumnCount(4);
    m_table->setHorizontalHeaderLabels(
        {tr("Field"), tr("When you read it"), tr("Yours"), tr("Theirs (now)")});
    m_table->setRowCount(int(info.columns.size()));
    m_table->verticalHeader()->hide();
    m_table->setItemDelegate(new ValueDelegate(m_table)); // NULL as in the grid
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    for (int c = 0; c < info.columns.size(); ++c) {
        const QVariant original = change ? change->original.value(c) : QVariant();
        QVariant mine = original;
        if (change && change->values.contains(c))
            mine = change->values.value(c);
        if (change && change->isDelete())
            mine = QVariant();
        const QVariant theirs = conflict.deleted ? QVariant() : conflict.theirs.value(c);
        const QString mineText = change && change->isDelete() ? tr("(deleted)") : shown(mine);
        const QString theirsText = conflict.deleted ? tr("(deleted)") : shown(theirs);
        const QString items[] = {info.columns.at(c).name, shown(original), mineText, theirsText};
        const bool nulls[] = {false, original.isNull(),
                              mine.isNull() && !(change && change->isDelete()),
                              theirs.isNull() && !conflict.deleted};
        for (int i = 0; i < 4; ++i) {
            auto *item = new QTableWidgetItem(items[i]);
            item->setData(model::TableDataModel::IsNullRole, nulls[i]);
            m_table->setItem(c, i, item);
        }
        const bool theyChanged = !conflict.deleted && shown(original) != theirsText;
        const bool iChanged = change && change->values.contains(c);
        if (theyChanged)
            m_table->item(c, 3)->setBackground(QColor(255, 205, 210));
        if (iChanged)
            m_table->item(c, 2)->setBackground(QColor(255, 236, 179));
    }
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *mineButton = buttons->addButton(tr("Keep mine"), QDialogButtonBox::AcceptRole);
    QPushButton *theirsButton =
        buttons->addButton(tr("Take theirs"), QDialogButtonBox::DestructiveRole);
    buttons->addButton(tr("Decide later"), QDialogButtonBox::RejectRole);
    mineButton->setObjectName(QStringLiteral("keepMine"));
    theirsButton->setObjectName(QStringLiteral("takeTheirs"));
    connect(mineButton, &QPushButton::clicked, this, [this] { done(KeepMine); });
    connect(theirsButton, &QPushButton::clicked, this, [this] { done(TakeTheirs); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);
    resize(720, 420);
}

} // namespace dbx::ui
