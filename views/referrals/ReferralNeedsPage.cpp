#include "views/referrals/ReferralNeedsPage.h"

#include "taxonomy/NeedsTaxonomy.h"
#include "views/referrals/ReferralWizardWidgets.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>
#include <QVBoxLayout>

namespace htmse {

namespace {
constexpr int kCodeRole = Qt::UserRole + 1;
}

ReferralNeedsPage::ReferralNeedsPage(QWidget* parent)
    : QWizardPage(parent)
    , m_tree(new QTreeWidget(this))
    , m_message(referralui::messageLabel(QStringLiteral("needsMessage"), this))
{
    setTitle(tr("Needs"));
    setSubTitle(tr("Tick what the person needs help with. Space ticks the highlighted need; the arrow keys "
                   "move and open a group."));
    m_tree->setObjectName(QStringLiteral("needs"));
    m_tree->setAccessibleName(tr("Needs"));
    m_tree->setHeaderHidden(true);
    m_tree->setColumnCount(1);
    const NeedsTaxonomy& taxonomy = NeedsTaxonomy::instance();
    QHash<QString, QTreeWidgetItem*> parents;
    for (const NeedsTaxonomy::Need& need : taxonomy.needs()) {
        QTreeWidgetItem* parentItem = parents.value(need.parent);
        auto* item = parentItem ? new QTreeWidgetItem(parentItem) : new QTreeWidgetItem(m_tree);
        item->setText(0, taxonomy.label(need.code));
        item->setToolTip(0, need.description);
        item->setData(0, kCodeRole, need.code);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(0, Qt::Unchecked);
        if (need.parent.isEmpty())
            parents.insert(need.code, item);
    }
    m_tree->setCurrentItem(m_tree->topLevelItem(0));
    auto* label = new QLabel(tr("Nee&ds (tick one or more):"), this);
    label->setBuddy(m_tree);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(label);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_message);
    connect(m_tree, &QTreeWidget::itemChanged, this, [this] {
        referralui::showMessage(m_message, needs().isEmpty() ? tr("Tick at least one need to go on.") : QString(),
                                false);
        emit completeChanged();
    });
}

bool ReferralNeedsPage::isComplete() const
{
    return !needs().isEmpty();
}

QStringList ReferralNeedsPage::needs() const
{
    QStringList out;
    for (QTreeWidgetItemIterator it(m_tree); *it; ++it)
        if ((*it)->checkState(0) == Qt::Checked)
            out.append((*it)->data(0, kCodeRole).toString());
    return out;
}

void ReferralNeedsPage::setNeeds(const QStringList& codes)
{
    for (QTreeWidgetItemIterator it(m_tree); *it; ++it) {
        const bool on = codes.contains((*it)->data(0, kCodeRole).toString());
        (*it)->setCheckState(0, on ? Qt::Checked : Qt::Unchecked);
        if (on && (*it)->parent())
            (*it)->parent()->setExpanded(true);
    }
}

void ReferralNeedsPage::clearAll()
{
    setNeeds({});
    m_tree->collapseAll();
    m_message->hide();
}

} // namespace htmse
