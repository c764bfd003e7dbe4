#include "ui/relations/addlinkdialog.h"

#include "model/data/rowlabel.h"
#include "ui/edit/foreignkeyeditor.h"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace dbx::ui {

AddLinkDialog::AddLinkDialog(model::Database *db, const model::Relationship &rel,
                             const model::TableInfo &target, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("addLinkDialog"));
    setWindowTitle(
        QCoreApplication::translate("RelationInspector", "Add link to %1").arg(rel.to.name));
    const model::ForeignLabel fk{rel.viaToColumns.value(0), rel.to.schema, rel.to.name,
                                 rel.toColumns.value(0), model::labelColumn(target)};
    m_target = new ForeignKeyEditor(db, fk, false, this);
    m_target->setObjectName(QStringLiteral("linkTarget"));
    auto *form = new QFormLayout;
    form->addRow(QCoreApplication::translate("RelationInspector", "%1:").arg(rel.to.name),
                 m_target);
    for (const QString &attribute : rel.linkAttributes) {
        auto *edit = new QLineEdit(this);
        edit->setObjectName(QStringLiteral("linkAttribute_") + attribute);
        edit->setPlaceholderText(QStringLiteral("NULL"));
        form->addRow(attribute + QLatin1Char(':'), edit);
        m_attributes.insert(attribute, edit);
    }
    auto *note =
        new QLabel(QCoreApplication::translate(
                       "RelationInspector", "The link is added to the pending changes; nothing is "
                                            "written before Commit."),
                   this);
    note->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(QCoreApplication::translate("RelationInspector", "Add link"));
    m_ok->setEnabled(false);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_target, &ForeignKeyEditor::valueChosen, this,
            [this] { m_ok->setEnabled(!m_target->key().isEmpty()); });
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);
    resize(460, sizeHint().height());
}

QString AddLinkDialog::key() const
{
    return m_target->key();
}

QString AddLinkDialog::label() const
{
    return m_target->label();
}

QVariant AddLinkDialog::attribute(const QString &name) const
{
    const QLineEdit *edit = m_attributes.value(name);
    return !edit || edit->text().isEmpty() ? QVariant() : QVariant(edit->text());
}

} // namespace dbx::ui
