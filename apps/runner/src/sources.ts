import { CommercetoolsSource } from "@sluice/commercetools"
import { ExampleSource } from "@sluice/source-example"
import type { Source } from "@sluice/source-sdk"

/** Every source the runner knows. Adding a source is adding its package and one entry here. */
export const sources: ReadonlyArray<Source.Source> = [CommercetoolsSource, ExampleSource]
