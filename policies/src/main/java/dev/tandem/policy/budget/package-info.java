/**
 * Per-tenant budgets: the {@link dev.tandem.policy.budget.BudgetStore} SPI with an in-memory and a
 * Redis implementation, and the {@link dev.tandem.policy.budget.BudgetLedger} that checks and records
 * budgets against a store.
 */
@NullMarked
package dev.tandem.policy.budget;

import org.jspecify.annotations.NullMarked;
