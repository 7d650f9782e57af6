/** What the benchmark mains share: how they answer bad options. */
package candor.bench;
