#include "views/findhelp/NeedsTree.h"

#include "taxonomy/NeedsTaxonomy.h"

#include <QHeaderView>

namespace htmse {

using namespace Qt::StringLiterals;

namespace {
constexpr int kCodeRole = Qt::UserRole + 1;
}

NeedsTree::NeedsTree(QWidget* parent)
    : QTreeWidget(parent)
{
    setHeaderHidden(true);
    setColumnCount(1);
    setUniformRowHeights(true);
    // Long labels scroll sideways rather than being cut short ("Legal advice and represen…").
    header()->setStretchLastSection(false);
    header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    const NeedsTaxonomy& taxonomy = NeedsTaxonomy::instance();
    for (const QString& code : taxonomy.topLevel()) {
        const NeedsTaxonomy::Need* need = taxonomy.find(code);
        auto* parentItem = new QTreeWidgetItem(this, {taxonomy.label(code)});
        parentItem->setData(0, kCodeRole, code);
        parentItem->setFlags(parentItem->flags() | Qt::ItemIsUserCheckable | Qt::ItemIsAutoTristate);
        parentItem->setCheckState(0, Qt::Unchecked);
        parentItem->setToolTip(0, need ? taxonomy.label(code) + u"\n"_s + need->description : QString());
        if (!need)
            continue;
        for (const QString& child : need->children) {
            auto* item = new QTreeWidgetItem(parentItem, {taxonomy.label(child)});
            item->setData(0, kCodeRole, child);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(0, Qt::Unchecked);
            if (const NeedsTaxonomy::Need* c = taxonomy.find(child))
                item->setToolTip(0, taxonomy.label(child) + u"\n"_s + c->description);
        }
    }
    connect(this, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem*, int column) {
        if (column == 0)
            emit needsChanged();
    });
}

QStringList NeedsTree::checkedCodes() const
{
    QStringList codes;
    for (int i = 0; i < topLevelItemCount(); ++i) {
        const QTreeWidgetItem* parentItem = topLevelItem(i);
        const Qt::CheckState state = parentItem->checkState(0);
        if (state == Qt::Checked) {
            codes.append(parentItem->data(0, kCodeRole).toString());
            continue;
        }
        for (int c = 0; c < parentItem->childCount(); ++c)
            if (parentItem->child(c)->checkState(0) == Qt::Checked)
                codes.append(parentItem->child(c)->data(0, kCodeRole).toString());
    }
    return codes;
}

void NeedsTree::setCheckedCodes(const QStringList& codes)
{
    setCodes(codes); // one needsChanged() for the lot, not one per box
    emit needsChanged();
}

void NeedsTree::setCodes(const QStringList& codes)
{
    const QSignalBlocker blocker(this);
    for (int i = 0; i < topLevelItemCount(); ++i) {
        QTreeWidgetItem* parentItem = topLevelItem(i);
        const bool whole = codes.contains(parentItem->data(0, kCodeRole).toString());
        if (parentItem->childCount() == 0) {
            parentItem->setCheckState(0, whole ? Qt::Checked : Qt::Unchecked);
            continue;
        }
        for (int c = 0; c < parentItem->childCount(); ++c) {
            QTreeWidgetItem* child = parentItem->child(c);
            child->setCheckState(0, whole || codes.contains(child->data(0, kCodeRole).toString()) ? Qt::Checked
                                                                                                  : Qt::Unchecked);
        }
    }
}

void NeedsTree::clearChecks()
{
    setCheckedCodes({});
}

} // namespace htmse
