/**
 * Architecture search: the search space of add-on layers over a backbone, the candidate
 * operations (gradient-probed when loaded), the memory budget and reward, and the two ways of
 * training children that strategies ask for — independently, or on shared weights.
 */
package io.kdas.runtime.search;
